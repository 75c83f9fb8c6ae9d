package io.meshsdk.analysis;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.resource.ResourceRef;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One problem found in a mesh's configuration: a code, a severity, a message, the object and the
 * cluster it is about, the field, and what to do about it.
 *
 * <p>Codes are Istio's ({@code IST0101}) where the meaning is the same as that of Istio's
 * analyzer, and the SDK's own ({@code MSH0001}) for checks that need several clusters or the
 * plan. Two findings are equal when all their properties are, so a set of findings can be compared
 * before and after a change.
 *
 * @since 0.2.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableFinding.class)
@JsonDeserialize(as = ImmutableFinding.class)
public abstract class Finding implements Comparable<Finding> {

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::code)
          .thenComparing(f -> f.cluster().orElse(""))
          .thenComparing(f -> f.resource().map(ResourceRef::toString).orElse(""))
          .thenComparing(f -> f.fieldPath().orElse(""))
          .thenComparing(Finding::message);

  Finding() {}

  /**
   * Starts a finding.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The code, stable across releases: {@code IST0101} or {@code MSH0001}.
   *
   * @return the code
   */
  public abstract String code();

  /**
   * The code's name, for example {@code ReferencedResourceNotFound}.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * How serious the finding is.
   *
   * @return the severity
   */
  public abstract Severity severity();

  /**
   * What is wrong, in one sentence naming the objects involved.
   *
   * @return the message
   */
  public abstract String message();

  /**
   * The object the finding is about.
   *
   * @return its identity; absent for findings about a whole cluster or mesh
   */
  public abstract Optional<ResourceRef> resource();

  /**
   * The cluster the object was read from.
   *
   * @return the cluster's name; absent in offline analysis of files
   */
  public abstract Optional<String> cluster();

  /**
   * The field of the object the finding is about, in the form of Kubernetes field paths.
   *
   * @return for example {@code spec.http[0].route[1].destination.host}
   */
  public abstract Optional<String> fieldPath();

  /**
   * What to do about it.
   *
   * @return one sentence
   */
  public abstract String remediation();

  /**
   * Other objects involved, for example the other VirtualService defining the same host, as
   * {@code cluster: Kind namespace/name} text.
   *
   * @return the related objects, possibly none
   */
  public abstract List<String> related();

  /**
   * Whether the finding is about what is deployed rather than about the configuration alone: a
   * Service, a pod, a gateway workload or a credential Secret that configuration refers to and
   * that is not there (yet). Platforms often write configuration before they roll out the
   * workloads it is for, and workloads come and go on their own, so such findings are reported
   * but never refuse a plan.
   *
   * @return {@code true} for a finding that deploying the workloads it names would resolve
   */
  @Value.Default
  public boolean dependsOnDeployment() {
    return false;
  }

  @Override
  public final int compareTo(Finding other) {
    return ORDER.compare(this, other);
  }

  /**
   * Returns for example {@code ERROR IST0101 VirtualService bookinfo/reviews on mcpc-1
   * (spec.http[0].route[0].destination.host): Referenced host not found: "ratings-v3"}.
   */
  @Override
  public final String toString() {
    StringBuilder out = new StringBuilder().append(severity()).append(' ').append(code());
    resource().ifPresent(r -> out.append(' ').append(r));
    cluster().ifPresent(c -> out.append(" on ").append(c));
    fieldPath().ifPresent(f -> out.append(" (").append(f).append(')'));
    return out.append(": ").append(message()).toString();
  }

  @Value.Check
  final void check() {
    if (code().isBlank()) {
      throw new IllegalArgumentException("code: must not be blank");
    }
    if (message().isBlank()) {
      throw new IllegalArgumentException("message: must not be blank");
    }
  }

  /** Builds a {@link Finding}. */
  public static final class Builder extends ImmutableFinding.Builder {
    Builder() {}
  }
}
