package io.meshsdk.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * What changed out of band on the config clusters of a mesh: for each policy in force, the
 * SDK-owned objects that were edited or deleted by someone other than the SDK, per cluster.
 * Computed by reading the intents back from the objects, translating them again and comparing the
 * result with the live objects; nothing is written.
 *
 * <p>A policy all of whose objects were deleted out of band leaves nothing to read its intent from
 * and does not appear; apply it again from its source.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableDriftReport.class)
@JsonDeserialize(as = ImmutableDriftReport.class)
public abstract class DriftReport {

  DriftReport() {}

  /**
   * Creates a report.
   *
   * @param mesh the mesh's name
   * @param clusters the drift of each config cluster
   * @return the report
   */
  public static DriftReport of(String mesh, List<ClusterDrift> clusters) {
    return ImmutableDriftReport.builder().mesh(mesh).clusters(clusters).build();
  }

  /**
   * The mesh.
   *
   * @return the mesh's name
   */
  public abstract String mesh();

  /**
   * The drift of each config cluster, in the mesh's order of config clusters.
   *
   * @return one entry per config cluster, also for clusters without drift
   */
  public abstract List<ClusterDrift> clusters();

  /**
   * The drift of one cluster.
   *
   * @param cluster the cluster's name
   * @return its drift, if it is a config cluster of the mesh
   */
  public final Optional<ClusterDrift> cluster(String cluster) {
    return clusters().stream().filter(c -> c.cluster().equals(cluster)).findFirst();
  }

  /**
   * Whether anything drifted on any cluster.
   *
   * @return {@code true} when some object drifted
   */
  public final boolean hasDrift() {
    return clusters().stream().anyMatch(ClusterDrift::hasDrift);
  }

  /**
   * The drifted objects that reconciling cannot put back.
   *
   * @return the {@link ObjectDrift.Kind#UNRECOVERABLE} objects of every cluster
   */
  public final List<ObjectDrift> unrecoverable() {
    return clusters().stream().flatMap(c -> c.objects().stream())
        .filter(o -> !o.recoverable()).collect(Collectors.toList());
  }

  /**
   * The report for humans: per cluster, each drifted object with its field-level differences.
   *
   * @return multi-line text
   */
  public final String render() {
    StringBuilder out = new StringBuilder("Drift of mesh ").append(mesh()).append(": ");
    long drifted = clusters().stream().mapToLong(c -> c.objects().size()).sum();
    out.append(drifted == 0 ? "none" : drifted + " object(s)").append('\n');
    for (ClusterDrift cluster : clusters()) {
      out.append("\ncluster ").append(cluster.cluster()).append(": ").append(cluster.policies().size())
          .append(" polic").append(cluster.policies().size() == 1 ? "y" : "ies").append(" checked\n");
      for (ObjectDrift object : cluster.objects()) {
        out.append("  ").append(object.kind().name().toLowerCase(Locale.ROOT)).append(' ')
            .append(object.ref()).append(object.policy().map(p -> " (" + p + ")").orElse(""))
            .append(": ").append(object.reason()).append('\n');
        for (DiffEntry entry : object.diff()) {
          String line = entry.toString();
          out.append("      ").append(line.length() > 120 ? line.substring(0, 119) + "…" : line).append('\n');
        }
      }
    }
    return out.toString();
  }

  /**
   * This report as JSON, in the stable form that {@link #fromJson(String)} reads: the
   * properties of the accessors, absent optional values left out, keys sorted. The data of
   * Secrets (the remote secrets of membership wiring) is replaced by {@code "(redacted)"}: a
   * report read back from JSON shows that a Secret drifted, never what it holds.
   *
   * @return compact JSON text
   * @since 0.2.0
   */
  public final String toJson() {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = io.meshsdk.internal.ApiJson.MAPPER.readTree(
          io.meshsdk.internal.ApiJson.MAPPER.writerFor(DriftReport.class).writeValueAsString(this));
      return io.meshsdk.internal.ApiJson.canonical(io.meshsdk.internal.ApiJson.redactSecrets(tree));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new io.meshsdk.MeshException(io.meshsdk.ErrorCode.INTERNAL, "cannot serialise the drift report of mesh "
          + mesh() + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a report from the JSON that {@link #toJson()} writes.
   *
   * @param json the JSON text
   * @return the value
   * @throws io.meshsdk.ValidationException if the text is not such JSON, naming the field
   * @since 0.2.0
   */
  public static DriftReport fromJson(String json) {
    return io.meshsdk.internal.JsonInput.read(json, DriftReport.class);
  }

}
