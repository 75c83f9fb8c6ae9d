package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An intent about a mesh: immutable, validated when built, and serialisable to JSON with its
 * {@code kind}, which is how the SDK stores it next to the objects it produced.
 *
 * @since 0.1.0
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = TrafficPolicy.class, name = TrafficPolicy.KIND)})
public interface Policy {

  /**
   * The policy's name, unique per kind and namespace.
   *
   * @return a DNS-1123 label
   */
  String name();

  /**
   * The namespace the policy applies to.
   *
   * @return the namespace
   */
  String namespace();

  /**
   * The kind of policy, for example {@code TrafficPolicy}.
   *
   * @return the kind
   */
  String kind();

  /**
   * The policy's identity: kind, namespace and name.
   *
   * @return the reference
   */
  default PolicyRef ref() {
    return PolicyRef.of(kind(), namespace(), name());
  }
}
