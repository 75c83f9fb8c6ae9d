package io.meshsdk.topology;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A piece of mesh configuration that applies to a node or an edge: which VirtualService routes
 * to it, which DestinationRule (and circuit breaker) shapes its traffic, which
 * AuthorizationPolicy guards it, which mutual TLS mode it runs.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableConfigAnnotation.class)
@JsonDeserialize(as = ImmutableConfigAnnotation.class)
public abstract class ConfigAnnotation {

  ConfigAnnotation() {}

  /**
   * Creates an annotation.
   *
   * @param kind what the configuration does
   * @param cluster the cluster the object was read from
   * @param namespace the object's namespace
   * @param name the object's name
   * @param detail a short summary, such as {@code STRICT} for an mTLS mode, or {@code null}
   * @return the annotation
   */
  public static ConfigAnnotation of(
      ConfigKind kind, String cluster, String namespace, String name, String detail) {
    return ImmutableConfigAnnotation.builder()
        .kind(kind)
        .cluster(cluster)
        .namespace(namespace)
        .name(name)
        .detail(Optional.ofNullable(detail))
        .build();
  }

  /**
   * What the configuration does.
   *
   * @return the kind
   */
  public abstract ConfigKind kind();

  /**
   * The cluster the object was read from.
   *
   * @return the cluster's name
   */
  public abstract String cluster();

  /**
   * The object's namespace.
   *
   * @return the namespace
   */
  public abstract String namespace();

  /**
   * The object's name.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * A short summary: the mTLS mode, the circuit breaker's limits, the policy's action.
   *
   * @return the summary, if there is one
   */
  public abstract Optional<String> detail();

  @Override
  public String toString() {
    return kind() + " " + namespace() + "/" + name() + detail().map(d -> " (" + d + ")").orElse("");
  }
}
