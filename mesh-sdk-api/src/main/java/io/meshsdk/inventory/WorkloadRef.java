package io.meshsdk.inventory;

import java.util.Comparator;
import org.immutables.value.Value;

/**
 * Names one workload of a cluster: kind, namespace and name.
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class WorkloadRef implements Comparable<WorkloadRef> {
  private static final Comparator<WorkloadRef> ORDER = Comparator.comparing(WorkloadRef::namespace)
      .thenComparing(WorkloadRef::kind).thenComparing(WorkloadRef::name);

  WorkloadRef() {}

  /**
   * Creates a reference.
   *
   * @param kind the workload's kind
   * @param namespace its namespace
   * @param name its name
   * @return the reference
   */
  public static WorkloadRef of(WorkloadKind kind, String namespace, String name) {
    return ImmutableWorkloadRef.builder().kind(kind).namespace(namespace).name(name).build();
  }

  /**
   * A Deployment.
   *
   * @param namespace its namespace
   * @param name its name
   * @return the reference
   */
  public static WorkloadRef deployment(String namespace, String name) {
    return of(WorkloadKind.DEPLOYMENT, namespace, name);
  }

  /**
   * A StatefulSet.
   *
   * @param namespace its namespace
   * @param name its name
   * @return the reference
   */
  public static WorkloadRef statefulSet(String namespace, String name) {
    return of(WorkloadKind.STATEFUL_SET, namespace, name);
  }

  /**
   * The kind.
   *
   * @return the kind
   */
  public abstract WorkloadKind kind();

  /**
   * The namespace.
   *
   * @return the namespace
   */
  public abstract String namespace();

  /**
   * The name.
   *
   * @return the name
   */
  public abstract String name();

  @Value.Check
  void check() {
    io.meshsdk.internal.Violations v = new io.meshsdk.internal.Violations();
    v.dnsLabel("namespace", namespace());
    v.dnsSubdomain("name", name());
    v.throwIfAny("workload");
  }

  @Override
  public int compareTo(WorkloadRef other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return kind().kind() + " " + namespace() + "/" + name();
  }
}
