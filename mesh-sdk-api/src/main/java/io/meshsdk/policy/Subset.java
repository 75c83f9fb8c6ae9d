package io.meshsdk.policy;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Map;
import org.immutables.value.Value;

/**
 * A named group of a service's workloads, selected by pod labels (typically a version).
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableSubset.class)
@JsonDeserialize(as = ImmutableSubset.class)
public abstract class Subset {

  Subset() {}

  /**
   * Creates a subset.
   *
   * @param name the subset's name, for example {@code v2}
   * @param labels the pod labels that select its workloads
   * @return the subset
   */
  public static Subset of(String name, Map<String, String> labels) {
    return ImmutableSubset.builder().name(name).labels(labels).build();
  }

  /**
   * The subset's name, referred to by routes.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The pod labels selecting the subset's workloads.
   *
   * @return the labels, in insertion order
   */
  public abstract Map<String, String> labels();
}
