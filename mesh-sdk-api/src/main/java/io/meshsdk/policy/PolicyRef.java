package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.immutables.value.Value;

/**
 * Identifies a policy within a mesh by kind, namespace and name.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutablePolicyRef.class)
@JsonDeserialize(as = ImmutablePolicyRef.class)
public abstract class PolicyRef implements Comparable<PolicyRef> {

  PolicyRef() {}

  /**
   * Creates a reference.
   *
   * @param kind the policy kind, for example {@code TrafficPolicy}
   * @param namespace the namespace
   * @param name the name
   * @return the reference
   */
  public static PolicyRef of(String kind, String namespace, String name) {
    return ImmutablePolicyRef.builder().kind(kind).namespace(namespace).name(name).build();
  }

  /**
   * Refers to a {@link TrafficPolicy}.
   *
   * @param namespace the namespace
   * @param name the policy's name
   * @return the reference
   */
  public static PolicyRef traffic(String namespace, String name) {
    return of(TrafficPolicy.KIND, namespace, name);
  }

  /**
   * The policy kind.
   *
   * @return for example {@code TrafficPolicy}
   */
  public abstract String kind();

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

  @Override
  public int compareTo(PolicyRef other) {
    int c = kind().compareTo(other.kind());
    if (c == 0) {
      c = namespace().compareTo(other.namespace());
    }
    return c != 0 ? c : name().compareTo(other.name());
  }

  /** Returns for example {@code TrafficPolicy bookinfo/reviews}. */
  @Override
  public String toString() {
    return kind() + " " + namespace() + "/" + name();
  }
}
