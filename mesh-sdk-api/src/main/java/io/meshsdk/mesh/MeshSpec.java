package io.meshsdk.mesh;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * What a mesh is: its name, its {@link MeshMode} and the clusters it spans. Start from the mode:
 *
 * <pre>{@code
 * MeshSpec prod = MeshSpec.hosted("prod").controlPlane("mcpc-1").build();
 * MeshSpec single = MeshSpec.dedicated("dev").cluster("dev-1").build();
 * MeshSpec legacy = MeshSpec.external("legacy").addPrimary("old-1").build();
 * }</pre>
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableMeshSpec.class)
@JsonDeserialize(as = ImmutableMeshSpec.class)
public abstract class MeshSpec {
  private static final Pattern SECRET_REFERENCE =
      Pattern.compile("[a-z0-9]([-a-z0-9./]{0,251}[a-z0-9])?");

  MeshSpec() {}

  /**
   * Starts a {@link MeshMode#HOSTED} mesh; name its control-plane cluster next.
   *
   * @param name the mesh's name, a DNS-1123 label
   * @return a builder
   */
  public static Builder hosted(String name) {
    return new Builder().name(name).mode(MeshMode.HOSTED);
  }

  /**
   * Starts a {@link MeshMode#DEDICATED} mesh; name its one cluster next with {@link
   * Builder#cluster(String)}.
   *
   * @param name the mesh's name, a DNS-1123 label
   * @return a builder
   */
  public static Builder dedicated(String name) {
    return new Builder().name(name).mode(MeshMode.DEDICATED);
  }

  /**
   * Starts an {@link MeshMode#EXTERNAL} mesh; name the primary clusters that run its istiod next.
   *
   * @param name the mesh's name, a DNS-1123 label
   * @return a builder
   */
  public static Builder external(String name) {
    return new Builder().name(name).mode(MeshMode.EXTERNAL);
  }

  /**
   * The mesh's name, unique among the meshes of the Global Service Cluster.
   *
   * @return the name
   */
  public abstract String name();

  /**
   * The control-plane layout.
   *
   * @return the mode
   */
  public abstract MeshMode mode();

  /**
   * The Mesh Control Plane Cluster, for {@link MeshMode#HOSTED}.
   *
   * @return the cluster's name
   */
  public abstract Optional<String> controlPlane();

  /**
   * The data-plane member clusters. For {@link MeshMode#DEDICATED} exactly one, which also runs
   * istiod.
   *
   * @return the member names, in join order
   */
  public abstract List<String> members();

  /**
   * The clusters running istiod of an {@link MeshMode#EXTERNAL} mesh.
   *
   * @return the primary clusters' names
   */
  public abstract List<String> primaries();

  /**
   * The istiod revision the mesh's sidecars are injected from, for revision-based upgrades and
   * canaries of the control plane. When set, injection labels namespaces {@code
   * istio.io/rev=<revision>}; otherwise {@code istio-injection=enabled}.
   *
   * @return the revision, such as {@code 1-24-0}
   */
  public abstract Optional<String> revision();

  /**
   * The Istio control plane the SDK installs through Istio's operator, for a {@link
   * MeshMode#HOSTED} or {@link MeshMode#DEDICATED} mesh; its version, profile and values, and
   * where a canary upgrade stands. Empty when Istio was installed by someone else.
   *
   * @return the install
   * @since 0.2.0
   */
  public abstract Optional<IstioInstall> istio();

  /**
   * Where the store keeps the mesh's root CA: a location in the store's secret storage, never the
   * key material itself. Set by {@code mesh.trust().createRoot()}.
   *
   * @return the reference; absent while the mesh has no root of trust
   * @since 0.2.0
   */
  public abstract Optional<String> trustRoot();

  /**
   * The clusters that run the mesh's workloads: the members, and for an external mesh its
   * primaries too.
   *
   * @return the data-plane clusters' names
   */
  public final List<String> dataPlaneClusters() {
    if (mode() != MeshMode.EXTERNAL) {
      return members();
    }
    Set<String> all = new LinkedHashSet<>(primaries());
    all.addAll(members());
    return List.copyOf(all);
  }

  /**
   * The clusters that receive the mesh's policies: the control-plane cluster of a hosted mesh,
   * the one member of a dedicated mesh, the primaries of an external mesh.
   *
   * @return the config clusters' names
   */
  public final List<String> configClusters() {
    switch (mode()) {
      case HOSTED:
        return controlPlane().map(List::of).orElse(List.of());
      case DEDICATED:
        return members();
      default:
        return primaries();
    }
  }

  /**
   * Every cluster the mesh spans, config clusters first, without repeats.
   *
   * @return the clusters' names
   */
  public final List<String> clusters() {
    Set<String> all = new LinkedHashSet<>(configClusters());
    all.addAll(members());
    return List.copyOf(all);
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    v.dnsLabel("name", name());
    switch (mode()) {
      case HOSTED:
        if (controlPlane().isEmpty()) {
          v.add("controlPlane", "must name the Mesh Control Plane Cluster of a HOSTED mesh");
        } else if (members().contains(controlPlane().get())) {
          v.add(
              "members",
              "must not contain the control-plane cluster \"" + controlPlane().get() + "\"");
        }
        break;
      case DEDICATED:
        if (members().size() != 1) {
          v.add(
              "members",
              "must hold exactly one cluster for a DEDICATED mesh, but held " + members().size());
        }
        if (controlPlane().isPresent()) {
          v.add("controlPlane", "is only allowed for a HOSTED mesh; a DEDICATED mesh runs istiod"
              + " in its member");
        }
        break;
      default:
        if (primaries().isEmpty()) {
          v.add("primaries", "must name at least one cluster running istiod of an EXTERNAL mesh");
        }
        if (controlPlane().isPresent()) {
          v.add("controlPlane", "is only allowed for a HOSTED mesh");
        }
        break;
    }
    if (mode() != MeshMode.EXTERNAL && !primaries().isEmpty()) {
      v.add("primaries", "are only allowed for an EXTERNAL mesh");
    }
    revision().ifPresent(r -> v.dnsLabel("revision", r));
    if (istio().isPresent() && mode() == MeshMode.EXTERNAL) {
      v.add("istio", "is only allowed for a HOSTED or DEDICATED mesh; an EXTERNAL mesh runs an Istio installed by"
          + " someone else");
    }
    if (istio().flatMap(IstioInstall::discoveryAddress).isPresent() && mode() == MeshMode.DEDICATED) {
      v.add("istio.discoveryAddress", "is only for a HOSTED mesh, whose members reach istiod on another cluster; the"
          + " istiod of a DEDICATED mesh serves its own cluster");
    }
    if (istio().isPresent() && revision().isPresent()) {
      v.add("revision", "must not be set when istio is: namespaces select the installed control plane through its"
          + " revision tags");
    }
    trustRoot().filter(r -> !SECRET_REFERENCE.matcher(r).matches()).ifPresent(r -> v.add("trustRoot",
        "must be a reference to the store's secret storage such as \"meshes/prod/root-ca\", never key material"));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < members().size(); i++) {
      v.dnsLabel("members[" + i + "]", members().get(i));
      if (!seen.add(members().get(i))) {
        v.add("members[" + i + "]", "repeats cluster \"" + members().get(i) + "\"");
      }
    }
    v.throwIfAny("MeshSpec " + name());
  }

  /** Builds a {@link MeshSpec}; start from {@link #hosted}, {@link #dedicated} or {@link #external}. */
  public static final class Builder extends ImmutableMeshSpec.Builder {
    Builder() {}

    /**
     * Names the one cluster of a {@link MeshMode#DEDICATED} mesh; the same as {@code
     * members(List.of(cluster))}.
     *
     * @param cluster the cluster's name
     * @return this builder
     */
    public Builder cluster(String cluster) {
      return members(List.of(cluster));
    }
  }
}
