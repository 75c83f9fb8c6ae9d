package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.IstiodRevision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Probes one cluster: the version request first (unreachable ends the probe), then each Istio
 * check on its own, so that a missing permission for one check degrades the report instead of
 * failing it.
 */
final class HealthProbe {
  static final String ISTIO_NAMESPACE = "istio-system";
  static final String NETWORK_LABEL = "topology.istio.io/network";
  static final String REVISION_LABEL = "istio.io/rev";
  static final String INJECTOR_PREFIX = "istio-sidecar-injector";

  private final KubernetesConnection connection;
  private final KubernetesClient client;
  private final Clock clock;
  private final List<String> problems = new ArrayList<>();

  HealthProbe(KubernetesConnection connection, KubernetesClient client, Clock clock) {
    this.connection = connection;
    this.client = client;
    this.clock = clock;
  }

  ClusterHealth probe() {
    Instant checkedAt = clock.instant();
    Optional<String> version;
    long start = System.nanoTime();
    try {
      version = Optional.of(connection.serverVersion());
    } catch (MeshException e) {
      if (e.code() != ErrorCode.BACKEND_ERROR) {
        return ClusterHealth.unreachable(connection.cluster(), checkedAt, String.valueOf(e.getMessage()));
      }
      // it answered, just not with a version (or refused us): reachable, but something is wrong
      problems.add(String.valueOf(e.getMessage()));
      version = Optional.empty();
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    ClusterHealth.Builder health = ClusterHealth.builder()
        .cluster(connection.cluster())
        .checkedAt(checkedAt)
        .latency(latency)
        .kubernetesVersion(version);
    health.istioCrds(check("listing Istio CRDs", this::istioCrds, Map.of()));
    health.istiodRevisions(check("listing istiod Deployments", this::istiods, List.of()));
    health.sidecarInjectorWebhooks(check("listing MutatingWebhookConfigurations", this::injectors, List.of()));
    check("reading namespace " + ISTIO_NAMESPACE, this::network, Optional.<String>empty())
        .ifPresent(health::network);
    return health.status(problems.isEmpty() ? ClusterHealth.Status.REACHABLE : ClusterHealth.Status.DEGRADED)
        .problems(problems)
        .build();
  }

  private <T> T check(String what, Supplier<T> step, T fallback) {
    try {
      return connection.call(what, step);
    } catch (MeshException e) {
      problems.add(String.valueOf(e.getMessage()));
      return fallback;
    }
  }

  private Map<String, List<String>> istioCrds() {
    Map<String, List<String>> crds = new TreeMap<>();
    for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
      String name = crd.getMetadata().getName();
      if (name != null && name.endsWith(".istio.io")) {
        crds.put(name, crd.getSpec().getVersions().stream()
            .filter(v -> Boolean.TRUE.equals(v.getServed()))
            .map(CustomResourceDefinitionVersion::getName)
            .collect(Collectors.toList()));
      }
    }
    return crds;
  }

  private List<IstiodRevision> istiods() {
    List<IstiodRevision> found = new ArrayList<>();
    for (Deployment d : client.apps().deployments().inNamespace(ISTIO_NAMESPACE)
        .withLabel("app", "istiod").list().getItems()) {
      Map<String, String> labels = d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
      String revision = labels.getOrDefault(REVISION_LABEL, "default");
      List<Container> containers = d.getSpec() == null || d.getSpec().getTemplate() == null
          || d.getSpec().getTemplate().getSpec() == null
          ? List.of() : d.getSpec().getTemplate().getSpec().getContainers();
      String image = containers.stream().filter(c -> "discovery".equals(c.getName())).findFirst()
          .or(() -> containers.stream().findFirst()).map(Container::getImage).orElse(null);
      int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null
          ? 0 : d.getStatus().getReadyReplicas();
      found.add(IstiodRevision.of(revision, tag(image), d.getMetadata().getName(), ready));
    }
    found.sort(Comparator.comparing(IstiodRevision::revision).thenComparing(IstiodRevision::deployment));
    return found;
  }

  /** The tag of an image reference, ignoring a registry port and a digest. */
  static String tag(String image) {
    if (image == null) {
      return null;
    }
    String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') && colon < ref.length() - 1 ? ref.substring(colon + 1) : null;
  }

  private List<String> injectors() {
    return client.admissionRegistration().v1().mutatingWebhookConfigurations().list().getItems().stream()
        .map(MutatingWebhookConfiguration::getMetadata)
        .map(m -> m.getName())
        .filter(n -> n != null && n.startsWith(INJECTOR_PREFIX))
        .sorted()
        .collect(Collectors.toList());
  }

  private Optional<String> network() {
    Namespace namespace = client.namespaces().withName(ISTIO_NAMESPACE).get();
    return Optional.ofNullable(namespace)
        .map(n -> n.getMetadata().getLabels())
        .map(l -> l.get(NETWORK_LABEL));
  }
}
