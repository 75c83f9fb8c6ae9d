package io.meshsdk.spring.autoconfigure;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import io.meshsdk.cluster.ClusterCredentials;
import io.meshsdk.cluster.ClusterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters of {@code meshsdk.clusters}, checked as a whole before anything is created, and
 * their registration at startup.
 */
final class MeshSdkClusters {
  private static final Logger LOG = LoggerFactory.getLogger(MeshSdkClusters.class);

  private final List<ClusterSpec> specs;
  private final Optional<ClusterSpec> gsc;

  private MeshSdkClusters(List<ClusterSpec> specs, Optional<ClusterSpec> gsc) {
    this.specs = List.copyOf(specs);
    this.gsc = gsc;
  }

  /**
   * Turns the properties into cluster specifications.
   *
   * @throws ValidationException listing every invalid property, each named by its full path
   */
  static MeshSdkClusters from(MeshSdkProperties properties) {
    List<Violation> violations = new ArrayList<>();
    List<ClusterSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<MeshSdkProperties.Cluster> clusters = properties.getClusters();
    for (int i = 0; i < clusters.size(); i++) {
      String path = "meshsdk.clusters[" + i + "]";
      MeshSdkProperties.Cluster cluster = clusters.get(i);
      if (cluster.getName() != null && !names.add(cluster.getName())) {
        violations.add(Violation.of(path + ".name", "names cluster " + cluster.getName()
            + " a second time; each cluster may be listed once"));
        continue;
      }
      toSpec(path, cluster, violations).ifPresent(specs::add);
    }
    Optional<ClusterSpec> gsc = gsc(properties, violations);
    MeshSdkProperties.Store store = properties.getStore();
    if (store.getType() == MeshSdkProperties.StoreType.DIRECTORY && store.getDirectory() == null) {
      violations.add(Violation.of("meshsdk.store.directory", "must be given for a directory store"));
    }
    if (store.getType() == MeshSdkProperties.StoreType.KUBERNETES) {
      if (gsc.isEmpty() && violations.stream().noneMatch(v -> v.field().startsWith("meshsdk.gsc"))) {
        violations.add(Violation.of("meshsdk.gsc.kubeconfig",
            "a kubernetes store needs the Global Service Cluster: set meshsdk.gsc.kubeconfig or"
                + " meshsdk.gsc.in-cluster"));
      }
      if (store.getNamespace() == null || store.getNamespace().isBlank()) {
        violations.add(Violation.of("meshsdk.store.namespace", "must be given for a kubernetes store"));
      }
    }
    if (gsc.isEmpty() && violations.stream().noneMatch(v -> v.field().startsWith("meshsdk.gsc"))) {
      for (int i = 0; i < clusters.size(); i++) {
        if (clusters.get(i).getSecret().isSet()) {
          violations.add(Violation.of("meshsdk.clusters[" + i + "].secret",
              "a kubeconfig Secret is read from the Global Service Cluster: set meshsdk.gsc.kubeconfig"
                  + " or meshsdk.gsc.in-cluster"));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new ValidationException("meshsdk properties", violations);
    }
    return new MeshSdkClusters(specs, gsc);
  }

  private static Optional<ClusterSpec> toSpec(String path, MeshSdkProperties.Cluster cluster,
      List<Violation> violations) {
    List<String> sources = new ArrayList<>();
    if (cluster.getKubeconfig() != null) {
      sources.add("kubeconfig");
    }
    if (cluster.getSecret().isSet()) {
      sources.add("secret");
    }
    if (cluster.isInCluster()) {
      sources.add("in-cluster");
    }
    if (sources.size() > 1) {
      violations.add(Violation.of(path + "." + sources.get(1),
          "give only one of kubeconfig, secret and in-cluster, but " + String.join(" and ", sources)
              + " were given"));
      return Optional.empty();
    }
    if (cluster.getContext() != null && cluster.getKubeconfig() == null && !cluster.getSecret().isSet()) {
      violations.add(Violation.of(path + ".context", "is only allowed with kubeconfig or secret"));
      return Optional.empty();
    }
    try {
      ClusterSpec.Builder spec = ClusterSpec.builder();
      if (cluster.getName() != null) {
        spec.name(cluster.getName());
      }
      if (cluster.getKubeconfig() != null) {
        spec.credentials(cluster.getContext() == null
            ? ClusterCredentials.kubeconfig(cluster.getKubeconfig())
            : ClusterCredentials.kubeconfig(cluster.getKubeconfig(), cluster.getContext()));
      } else if (cluster.getSecret().isSet()) {
        MeshSdkProperties.SecretRef secret = cluster.getSecret();
        String namespace = secret.getNamespace() == null ? "" : secret.getNamespace();
        String name = secret.getName() == null ? "" : secret.getName();
        spec.credentials(cluster.getContext() == null
            ? ClusterCredentials.secret(namespace, name)
            : ClusterCredentials.secret(namespace, name, cluster.getContext()));
      } else if (cluster.isInCluster()) {
        spec.credentials(ClusterCredentials.inCluster());
      }
      Optional.ofNullable(cluster.getNetwork()).ifPresent(spec::network);
      Optional.ofNullable(cluster.getRegion()).ifPresent(spec::region);
      Optional.ofNullable(cluster.getZone()).ifPresent(spec::zone);
      spec.labels(cluster.getLabels());
      return Optional.of(spec.build());
    } catch (ValidationException e) {
      e.violations().forEach(v -> violations.add(Violation.of(path + "." + property(v.field()), v.message())));
    } catch (IllegalStateException e) {
      // Immutables reports a missing required attribute this way
      violations.add(Violation.of(path + ".name", "must be given"));
    }
    return Optional.empty();
  }

  private static Optional<ClusterSpec> gsc(MeshSdkProperties properties, List<Violation> violations) {
    MeshSdkProperties.Gsc gsc = properties.getGsc();
    if (gsc.getKubeconfig() != null && gsc.isInCluster()) {
      violations.add(Violation.of("meshsdk.gsc.in-cluster", "give only one of kubeconfig and in-cluster"));
      return Optional.empty();
    }
    if (gsc.getContext() != null && gsc.getKubeconfig() == null) {
      violations.add(Violation.of("meshsdk.gsc.context", "is only allowed with kubeconfig"));
      return Optional.empty();
    }
    if (!gsc.isSet()) {
      return Optional.empty();
    }
    ClusterSpec.Builder spec = ClusterSpec.builder().name("gsc");
    if (gsc.getKubeconfig() != null) {
      spec.credentials(gsc.getContext() == null
          ? ClusterCredentials.kubeconfig(gsc.getKubeconfig())
          : ClusterCredentials.kubeconfig(gsc.getKubeconfig(), gsc.getContext()));
    } else {
      spec.credentials(ClusterCredentials.inCluster());
    }
    return Optional.of(spec.build());
  }

  /** The property that an SDK field comes from: {@code credentials.secretName} is {@code secret.name}. */
  private static String property(String field) {
    switch (field) {
      case "credentials.kubeconfigPath":
        return "kubeconfig";
      case "credentials.secretNamespace":
        return "secret.namespace";
      case "credentials.secretName":
        return "secret.name";
      case "credentials.context":
        return "context";
      default:
        return field;
    }
  }

  /** The clusters to register, in the order the properties list them. */
  List<ClusterSpec> specs() {
    return specs;
  }

  /** The Global Service Cluster, when configured. */
  Optional<ClusterSpec> gsc() {
    return gsc;
  }

  /** Whether any cluster names a credential, so that only the Kubernetes connector can reach it. */
  boolean anyCredentials() {
    return specs.stream().anyMatch(s -> s.credentials().source() != ClusterCredentials.Source.NONE);
  }

  /**
   * Registers each cluster that is not registered yet. A cluster that another replica registers
   * at the same moment is left as that replica wrote it.
   */
  void registerAbsent(MeshManager manager) {
    for (ClusterSpec spec : specs) {
      Optional<ClusterSpec> registered = manager.clusters().find(spec.name());
      if (registered.isPresent()) {
        if (!registered.get().equals(spec)) {
          LOG.warn("cluster {} is already registered with other settings than meshsdk.clusters gives;"
              + " the registered settings are kept", spec.name());
        }
        continue;
      }
      try {
        manager.clusters().register(spec);
        LOG.debug("registered cluster {} from meshsdk.clusters", spec.name());
      } catch (MeshConflictException e) {
        if (e.code() != ErrorCode.ALREADY_EXISTS) {
          throw e;
        }
        LOG.debug("cluster {} was registered meanwhile by another replica", spec.name());
      }
    }
  }
}
