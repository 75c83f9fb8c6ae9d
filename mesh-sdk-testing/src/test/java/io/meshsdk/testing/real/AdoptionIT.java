package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyMode;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.Preflight;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adoption corpus (Istio configuration another tool wrote, kept with the Istio module's
 * tests) put on a real API server by another field manager, then discovered, adopted and planned
 * again.
 */
@DisplayName("Discovery and adoption on a real API server")
class AdoptionIT {
  static final String CLUSTER = "mcpc";
  static final String NAMESPACE = "storefront";
  /** Where the corpus is put for an adoption that does not come about. */
  static final String RETURNED = "storefront-returned";
  private static final Path CORPUS = Path.of("../mesh-sdk-istio/src/test/resources/adoption");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Numbers compare by value, whichever type read them. */
  private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.equals(b)
      || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;
  private static RealApiServers servers;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.deleteObjects(List.of(NAMESPACE, RETURNED));
      servers.close();
    }
  }

  static List<GenericKubernetesResource> corpus(KubernetesClient client) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    List<GenericKubernetesResource> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc instanceof ObjectNode) {
              out.add(client.getKubernetesSerialization().unmarshal(doc.toString(), GenericKubernetesResource.class));
            }
          }
        }
      }
    }
    return out;
  }

  private static List<Policy> policiesIn(List<DiscoveredPolicy> found) {
    return found.stream().map(DiscoveredPolicy::policy).filter(p -> p.namespace().equals(NAMESPACE))
        .collect(Collectors.toList());
  }

  @Test
  @DisplayName("round trip: the corpus applied by another manager is adopted, and planning it again changes nothing")
  void roundTrip() throws IOException {
    servers.createNamespace(CLUSTER, NAMESPACE);
    KubernetesClient client = servers.client(CLUSTER);
    List<GenericKubernetesResource> corpus = corpus(client);
    for (GenericKubernetesResource object : corpus) {
      client.genericKubernetesResources(object.getApiVersion(), object.getKind()).inNamespace(NAMESPACE)
          .resource(object).fieldManager("platform-gitops").serverSideApply();
    }

    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec(CLUSTER));
      Mesh legacy = meshes.create(MeshSpec.external("legacy").addPrimary(CLUSTER).build());

      List<DiscoveredPolicy> found = legacy.policies().discover();
      List<Policy> policies = policiesIn(found);
      assertThat(found.stream().filter(d -> d.policy().namespace().equals(NAMESPACE))
          .flatMap(d -> d.sources().stream()).map(s -> s.ref().kind() + "/" + s.ref().name()))
          .containsExactlyInAnyOrderElementsOf(corpus.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
              .toList());
      assertThat(policies).as("typed policies").filteredOn(p -> !(p instanceof RawPolicy)).hasSizeGreaterThan(10);

      Plan adoption = legacy.policies().adopt(policies);
      assertThat(adoption.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.ADOPT);
      ApplyResult result = adoption.apply();
      assertThat(result.successful()).as(result.toJson()).isTrue();

      Plan again = legacy.policies().plan(policies);
      assertThat(again.changes()).hasSize(corpus.size());
      assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
      assertThat(policiesIn(legacy.policies().discover())).as("nothing left unowned").isEmpty();
      assertThat(legacy.policies().drift().hasDrift()).isFalse();
    }

    for (GenericKubernetesResource object : corpus) {
      GenericKubernetesResource adopted = client.genericKubernetesResources(object.getApiVersion(), object.getKind())
          .inNamespace(NAMESPACE).withName(object.getMetadata().getName()).get();
      assertThat(adopted.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mesh-sdk");
      assertThat(adopted.getMetadata().getManagedFields()).extracting(m -> m.getManager()).contains("mesh-sdk");
      JsonNode spec = JSON.valueToTree(adopted.getAdditionalProperties().get("spec"));
      JsonNode written = JSON.valueToTree(object.getAdditionalProperties().get("spec"));
      assertThat(spec.equals(SAME_VALUE, written))
          .as("spec of %s %s: %s, written as %s", object.getKind(), object.getMetadata().getName(), spec, written)
          .isTrue();
    }
  }

  @Test
  @DisplayName("an adoption the mesh's deletion overtakes gives every object back as the other manager wrote it")
  void deletionDuringAdoption(@TempDir Path store) throws Exception {
    servers.createNamespace(CLUSTER, RETURNED);
    KubernetesClient client = servers.client(CLUSTER);
    List<GenericKubernetesResource> before = new ArrayList<>();
    for (GenericKubernetesResource object : corpus(client)) {
      object.getMetadata().setNamespace(RETURNED);
      before.add(client.genericKubernetesResources(object.getApiVersion(), object.getKind()).inNamespace(RETURNED)
          .resource(object).fieldManager("platform-gitops").serverSideApply());
    }
    ExecutorService deleter = Executors.newSingleThreadExecutor();
    AtomicBoolean deleted = new AtomicBoolean();
    try (MeshManager a = MeshManager.builder().connector(servers.connector()).store(new DirectoryMeshStore(store)).build()) {
      a.clusters().register(servers.clusterSpec(CLUSTER));
      a.create(MeshSpec.external("departing").addPrimary(CLUSTER).build());
      // the other replica deletes the mesh, to the end, just before the first adopting write
      ClusterConnector deletingFirst = new ClusterConnector() {
        @Override
        public String id() {
          return "deleting-before-adoption";
        }

        @Override
        public ClusterConnection connect(ClusterSpec cluster) {
          ClusterConnection connection = servers.connector().connect(cluster);
          return (ClusterConnection) Proxy.newProxyInstance(ClusterConnection.class.getClassLoader(),
              new Class<?>[] {ClusterConnection.class}, (proxy, method, args) -> {
                if (method.getName().equals("apply") && ((ApplyOptions) args[2]).force()
                    && !((ApplyOptions) args[2]).dryRun() && deleted.compareAndSet(false, true)) {
                  deleter.submit(() -> a.delete("departing")).get(60, TimeUnit.SECONDS);
                }
                try {
                  return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
        }
      };
      // one write at a time, so that none has landed when the deletion counts the mesh's policies
      try (MeshManager b = MeshManager.builder().connector(deletingFirst).store(new DirectoryMeshStore(store))
          .writesPerCluster(1).build()) {
        Mesh departing = b.get("departing");
        List<Policy> policies = departing.policies().discover().stream().map(DiscoveredPolicy::policy)
            .filter(p -> p.namespace().equals(RETURNED)).collect(Collectors.toList());
        Plan adoption = departing.policies().adopt(policies);
        assertThat(adoption.changes()).hasSize(before.size());

        assertThatThrownBy(() -> adoption.apply(ApplyMode.STANDARD, Preflight.SKIP))
            .isInstanceOfSatisfying(MeshNotFoundException.class,
                e -> assertThat(e.messageCode()).isEqualTo("mesh.deleted-during-apply"));
      }
      assertThat(deleted).isTrue();
      assertThat(a.find("departing")).isEmpty();
    } finally {
      deleter.shutdownNow();
    }

    try {
      for (GenericKubernetesResource original : before) {
        GenericKubernetesResource now = client.genericKubernetesResources(original.getApiVersion(),
            original.getKind()).inNamespace(RETURNED).withName(original.getMetadata().getName()).get();
        String what = original.getKind() + " " + original.getMetadata().getName();
        assertThat(now).as(what).isNotNull();
        assertThat(now.getMetadata().getLabels()).as("labels of %s", what)
            .isEqualTo(original.getMetadata().getLabels());
        assertThat(now.getMetadata().getAnnotations()).as("annotations of %s", what)
            .isEqualTo(original.getMetadata().getAnnotations());
        JsonNode spec = JSON.valueToTree(now.getAdditionalProperties().get("spec"));
        JsonNode written = JSON.valueToTree(original.getAdditionalProperties().get("spec"));
        assertThat(spec.equals(SAME_VALUE, written)).as("spec of %s: %s, written as %s", what, spec, written)
            .isTrue();
      }
    } finally {
      // the corpus claims the same hosts as the round trip's: it must not meet it
      servers.deleteObjects(List.of(RETURNED));
    }
  }
}
