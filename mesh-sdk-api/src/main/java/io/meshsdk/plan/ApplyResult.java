package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What applying a plan did, per cluster. A failure on one cluster does not stop the others; check
 * {@link #successful()} and {@link #failures()}.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableApplyResult.class)
@JsonDeserialize(as = ImmutableApplyResult.class)
public abstract class ApplyResult {

  ApplyResult() {}

  /**
   * Creates a result.
   *
   * @param mesh the mesh's name
   * @param clusters the per-cluster results
   * @return the result
   */
  public static ApplyResult of(String mesh, List<ClusterApplyResult> clusters) {
    return ImmutableApplyResult.builder().mesh(mesh).clusters(clusters).build();
  }

  /**
   * The mesh.
   *
   * @return the mesh's name
   */
  public abstract String mesh();

  /**
   * The result on each cluster the plan touched.
   *
   * @return the per-cluster results, ordered by cluster
   */
  public abstract List<ClusterApplyResult> clusters();

  /**
   * The result on one cluster.
   *
   * @param cluster the cluster's name
   * @return the result, if the plan touched that cluster
   */
  public final Optional<ClusterApplyResult> cluster(String cluster) {
    return clusters().stream().filter(c -> c.cluster().equals(cluster)).findFirst();
  }

  /**
   * Whether every object on every cluster was applied or already as wanted.
   *
   * @return {@code true} when nothing failed
   */
  public final boolean successful() {
    return clusters().stream().allMatch(ClusterApplyResult::successful);
  }

  /**
   * The clusters where something failed or was skipped.
   *
   * @return their results
   */
  public final List<ClusterApplyResult> failures() {
    return clusters().stream().filter(c -> !c.successful()).collect(Collectors.toList());
  }

  /**
   * How many objects were written in all.
   *
   * @return the number of writes
   */
  public final long writes() {
    return clusters().stream().mapToLong(ClusterApplyResult::writes).sum();
  }

  /**
   * Returns this result when every object was applied or already as wanted, and throws
   * otherwise, so a caller that cannot go on after a partial apply needs one line:
   *
   * <pre>{@code
   * mesh.policies().plan(canary).apply().orThrow();
   * }</pre>
   *
   * @return this result, when {@link #successful()}
   * @throws io.meshsdk.ApplyFailedException listing, per cluster, each object not applied with
   *     its error code; it holds this result
   * @since 0.2.0
   */
  public final ApplyResult orThrow() {
    if (!successful()) {
      throw new io.meshsdk.ApplyFailedException(this);
    }
    return this;
  }

  /**
   * This result as JSON, in the stable form that {@link #fromJson(String)} reads: the
   * properties of the accessors, absent optional values left out, keys sorted.
   *
   * @return compact JSON text
   * @since 0.2.0
   */
  public final String toJson() {
    return io.meshsdk.internal.ApiJson.canonical(this, ApplyResult.class);
  }

  /**
   * Reads a result from the JSON that {@link #toJson()} writes.
   *
   * @param json the JSON text
   * @return the value
   * @throws io.meshsdk.ValidationException if the text is not such JSON, naming the field
   * @since 0.2.0
   */
  public static ApplyResult fromJson(String json) {
    return io.meshsdk.internal.JsonInput.read(json, ApplyResult.class);
  }

}
