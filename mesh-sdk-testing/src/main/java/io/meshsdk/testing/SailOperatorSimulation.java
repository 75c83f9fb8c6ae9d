package io.meshsdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.MeshListener;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays the part of Istio's Sail operator in tests, where the operator does not run: for every
 * {@code Istio} resource it creates the {@code IstioRevision} of the version asked for (named
 * {@code <istio>-v1-30-3}, owned by the {@code Istio}, as the operator names and owns them) and sets
 * the status the operator sets: conditions {@code Reconciled} and {@code Ready}, the active
 * revision, and each {@code IstioRevisionTag}'s revision. Earlier revisions are kept, as the
 * operator keeps them while the revision-based update strategy's grace period runs. Nothing else
 * of Istio is simulated: no istiod runs and no pod is injected.
 *
 * <pre>{@code
 * SailOperatorSimulation operator = SailOperatorSimulation.inMemory(clusters.cluster("mcpc-1"));
 * MeshManager meshes = MeshManager.builder().connector(clusters).listener(operator.listener()).build();
 * }</pre>
 *
 * <p>{@link #failWith(String, String)} makes it report the control plane not ready instead, for
 * tests of what a platform shows when an install fails.
 *
 * @since 0.2.0
 */
public final class SailOperatorSimulation {
  private static final String API_VERSION = "sailoperator.io/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Objects> clusters;
  private volatile String failureReason;
  private volatile String failureMessage;

  private SailOperatorSimulation(List<Objects> clusters) {
    this.clusters = List.copyOf(clusters);
  }

  /**
   * The operator on in-memory clusters.
   *
   * @param clusters the clusters it runs on
   * @return the simulation
   */
  public static SailOperatorSimulation inMemory(InMemoryCluster... clusters) {
    List<Objects> all = new ArrayList<>();
    for (InMemoryCluster cluster : clusters) {
      all.add(new InMemoryObjects(cluster));
    }
    return new SailOperatorSimulation(all);
  }

  /**
   * The operator on real API servers with the Sail CRDs installed (see {@link
   * RealApiServers.Builder#sailCrds(boolean)}); statuses are written through the status
   * subresource, as the operator writes them.
   *
   * @param servers the servers
   * @param clusters the clusters it runs on
   * @return the simulation
   */
  public static SailOperatorSimulation onRealApiServers(RealApiServers servers, String... clusters) {
    List<Objects> all = new ArrayList<>();
    for (String cluster : clusters) {
      all.add(new ServerObjects(servers.client(cluster)));
    }
    return new SailOperatorSimulation(all);
  }

  /**
   * A listener that reconciles after every applied plan, as the operator would react to the
   * resources written. Register it on the {@code MeshManager}.
   *
   * @return the listener
   */
  public MeshListener listener() {
    return new MeshListener() {
      @Override
      public void applyFinished(ApplyFinished event) {
        reconcile();
      }
    };
  }

  /**
   * From now on, reports every {@code Istio} not ready, with this reason and message.
   *
   * @param reason the operator's one-word reason, such as {@code ReconcileError}
   * @param message its message
   * @return this simulation
   */
  public SailOperatorSimulation failWith(String reason, String message) {
    this.failureReason = reason;
    this.failureMessage = message;
    return this;
  }

  /** Reconciles every {@code Istio}, {@code IstioRevision} and {@code IstioRevisionTag} once. */
  public synchronized void reconcile() {
    for (Objects cluster : clusters) {
      for (JsonNode istio : cluster.list("Istio")) {
        reconcile(cluster, istio);
      }
      for (JsonNode tag : cluster.list("IstioRevisionTag")) {
        ObjectNode status = JsonNodeFactory.instance.objectNode()
            .put("istioRevision", tag.path("spec").path("targetRef").path("name").asText())
            .put("istiodNamespace", "istio-system")
            .put("state", "Healthy");
        status.set("conditions", conditions("Reconciled", "True", null, null));
        cluster.putStatus("IstioRevisionTag", tag, status);
      }
    }
  }

  private void reconcile(Objects cluster, JsonNode istio) {
    String name = istio.path("metadata").path("name").asText();
    String version = istio.path("spec").path("version").asText();
    String revisionName = name + "-" + version.replace('.', '-');
    boolean failing = failureReason != null;
    Optional<JsonNode> existing = cluster.list("IstioRevision").stream()
        .filter(r -> r.path("metadata").path("name").asText().equals(revisionName)).findFirst();
    JsonNode revision = existing.orElseGet(() -> {
      ObjectNode created = JsonNodeFactory.instance.objectNode().put("apiVersion", API_VERSION).put("kind", "IstioRevision");
      ObjectNode metadata = created.putObject("metadata").put("name", revisionName);
      ObjectNode owner = metadata.putArray("ownerReferences").addObject()
          .put("apiVersion", API_VERSION).put("kind", "Istio").put("name", name).put("controller", true);
      owner.put("uid", istio.path("metadata").path("uid").asText(name));
      ObjectNode spec = created.putObject("spec").put("version", version).put("namespace", "istio-system");
      ObjectNode values = istio.path("spec").path("values").isObject()
          ? ((ObjectNode) istio.path("spec").path("values")).deepCopy() : JsonNodeFactory.instance.objectNode();
      values.withObjectProperty("global").put("istioNamespace", "istio-system");
      values.put("revision", revisionName);
      spec.set("values", values);
      return cluster.create("IstioRevision", created);
    });
    ObjectNode revisionStatus = JsonNodeFactory.instance.objectNode()
        .put("observedGeneration", revision.path("metadata").path("generation").asLong(1))
        .put("state", failing ? failureReason : "Healthy");
    ArrayNode revisionConditions = conditions("Reconciled", failing ? "False" : "True", failureReason, failureMessage);
    revisionConditions.addAll(conditions("Ready", failing ? "False" : "True", failureReason, failureMessage));
    revisionConditions.addAll(conditions("InUse", "True", null, null));
    revisionStatus.set("conditions", revisionConditions);
    cluster.putStatus("IstioRevision", revision, revisionStatus);
    for (JsonNode other : cluster.list("IstioRevision")) {
      if (!other.path("metadata").path("name").asText().equals(revisionName) && other.path("status").isMissingNode()) {
        ObjectNode status = revisionStatus.deepCopy();
        cluster.putStatus("IstioRevision", other, status);
      }
    }
    int total = (int) cluster.list("IstioRevision").stream()
        .filter(r -> r.path("metadata").path("name").asText().startsWith(name + "-")).count();
    ObjectNode status = JsonNodeFactory.instance.objectNode()
        .put("activeRevisionName", revisionName)
        .put("observedGeneration", istio.path("metadata").path("generation").asLong(1))
        .put("state", failing ? failureReason : "Healthy");
    status.putObject("revisions").put("total", total).put("ready", failing ? 0 : total).put("inUse", total);
    ArrayNode conditions = conditions("Reconciled", failing ? "False" : "True", failureReason, failureMessage);
    conditions.addAll(conditions("Ready", failing ? "False" : "True", failureReason, failureMessage));
    status.set("conditions", conditions);
    cluster.putStatus("Istio", istio, status);
  }

  private static ArrayNode conditions(String type, String status, String reason, String message) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    ObjectNode condition = list.addObject().put("type", type).put("status", status)
        .put("lastTransitionTime", "2026-01-01T00:00:00Z");
    if (reason != null) {
      condition.put("reason", reason);
    }
    if (message != null) {
      condition.put("message", message);
    }
    return list;
  }

  /** Where the simulated operator reads and writes. */
  private interface Objects {
    List<JsonNode> list(String kind);

    JsonNode create(String kind, ObjectNode object);

    void putStatus(String kind, JsonNode object, ObjectNode status);
  }

  private static final class InMemoryObjects implements Objects {
    private final InMemoryCluster cluster;

    InMemoryObjects(InMemoryCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public List<JsonNode> list(String kind) {
      List<JsonNode> found = new ArrayList<>();
      for (MeshResource object : cluster.objects()) {
        if (object.kind().equals(kind) && object.apiVersion().startsWith("sailoperator.io/")) {
          found.add(object.content());
        }
      }
      return found;
    }

    @Override
    public JsonNode create(String kind, ObjectNode object) {
      return cluster.putOutOfBand(MeshResource.of(object)).content();
    }

    @Override
    public void putStatus(String kind, JsonNode object, ObjectNode status) {
      ObjectNode copy = ((ObjectNode) object).deepCopy();
      copy.set("status", status);
      cluster.putOutOfBand(MeshResource.of(copy));
    }
  }

  private static final class ServerObjects implements Objects {
    private static final Map<String, String> PLURALS = new LinkedHashMap<>(Map.of(
        "Istio", "istios", "IstioRevision", "istiorevisions", "IstioRevisionTag", "istiorevisiontags"));
    private final KubernetesClient client;

    ServerObjects(KubernetesClient client) {
      this.client = client;
    }

    private static ResourceDefinitionContext context(String kind) {
      return new ResourceDefinitionContext.Builder().withGroup("sailoperator.io").withVersion("v1").withKind(kind)
          .withPlural(PLURALS.get(kind)).withNamespaced(false).build();
    }

    @Override
    public List<JsonNode> list(String kind) {
      List<JsonNode> found = new ArrayList<>();
      for (GenericKubernetesResource object : client.genericKubernetesResources(context(kind)).list().getItems()) {
        found.add(JSON.valueToTree(object));
      }
      return found;
    }

    @Override
    public JsonNode create(String kind, ObjectNode object) {
      GenericKubernetesResource resource = JSON.convertValue(object, GenericKubernetesResource.class);
      return JSON.valueToTree(client.genericKubernetesResources(context(kind)).resource(resource).create());
    }

    @Override
    public void putStatus(String kind, JsonNode object, ObjectNode status) {
      ObjectNode copy = ((ObjectNode) object).deepCopy();
      copy.set("status", status);
      GenericKubernetesResource resource = JSON.convertValue(copy, GenericKubernetesResource.class);
      client.genericKubernetesResources(context(kind)).resource(resource).updateStatus();
    }
  }
}
