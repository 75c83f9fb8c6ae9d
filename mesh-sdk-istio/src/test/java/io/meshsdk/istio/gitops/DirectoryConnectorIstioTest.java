package io.meshsdk.istio.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import io.meshsdk.MeshManager;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.DirectoryClusterConnector;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.DriftReport;
import io.meshsdk.plan.ObjectDrift;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Istio policies through the directory connector")
class DirectoryConnectorIstioTest {
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  @TempDir
  Path root;

  private MeshManager meshes;
  private Mesh prod;

  static TrafficPolicy canary(int v1, int v2) {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1"))
        .subset("v2", Map.of("version", "v2"))
        .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
        .route(r -> r.toSubset("v1", v1).toSubset("v2", v2)
            .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
        .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
        .build();
  }

  @BeforeEach
  void setUp() {
    meshes = MeshManager.builder().backend(new IstioBackendProvider())
        .connector(new DirectoryClusterConnector(root)).build();
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
  }

  @Test
  @DisplayName("refuses to join a member at once, since manifests cannot get a token from its API server")
  void joinNeedsLiveCluster() {
    assertThatThrownBy(() -> prod.join("bj-1"))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("cannot wire member bj-1");
    assertThat(prod.spec().members()).isEmpty();
  }

  @AfterEach
  void tearDown() {
    meshes.close();
  }

  private Map<Path, String> files() throws IOException {
    Map<Path, String> out = new TreeMap<>();
    if (Files.exists(root)) {
      try (Stream<Path> all = Files.walk(root)) {
        for (Path file : all.filter(Files::isRegularFile).collect(Collectors.toList())) {
          out.put(root.relativize(file), Files.readString(file));
        }
      }
    }
    return out;
  }

  @Test
  @DisplayName("writes a DestinationRule and a VirtualService file for the control plane, and re-applying writes nothing")
  void writesAndReapplies() throws IOException {
    ApplyResult applied = prod.policies().apply(canary(90, 10));

    assertThat(applied.successful()).isTrue();
    Map<Path, String> written = files();
    assertThat(written).containsOnlyKeys(Path.of("mcpc-1/bookinfo/destinationrule-reviews.yaml"),
        Path.of("mcpc-1/bookinfo/virtualservice-reviews.yaml"));
    assertThat(written.get(Path.of("mcpc-1/bookinfo/virtualservice-reviews.yaml")))
        .startsWith("apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n")
        .contains("app.kubernetes.io/managed-by: mesh-sdk", "weight: 90", "timeout: \"2s\"")
        .doesNotContain("resourceVersion");
    for (Path file : written.keySet()) {
      Files.setLastModifiedTime(root.resolve(file), LONG_AGO);
    }

    Plan again = prod.policies().plan(canary(90, 10));
    assertThat(again.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.UNCHANGED);
    assertThat(again.apply().writes()).isZero();
    assertThat(files()).isEqualTo(written);
    for (Path file : written.keySet()) {
      assertThat(Files.getLastModifiedTime(root.resolve(file))).isEqualTo(LONG_AGO);
    }
  }

  @Test
  @DisplayName("shows a hand-edited VirtualService as an update and as drift, and reconciling restores the file")
  void handEdit() throws IOException {
    prod.policies().apply(canary(90, 10));
    Path vs = root.resolve("mcpc-1/bookinfo/virtualservice-reviews.yaml");
    String original = Files.readString(vs);
    Files.writeString(vs, original.replace("timeout: \"2s\"", "timeout: \"9s\""));

    Plan plan = prod.policies().plan(canary(90, 10));
    assertThat(plan.changes()).extracting(c -> c.ref().kind() + " " + c.action())
        .containsExactly("DestinationRule UNCHANGED", "VirtualService UPDATE");
    DriftReport drift = prod.policies().drift();
    assertThat(drift.cluster("mcpc-1").orElseThrow().objects()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(ObjectDrift.Kind.MODIFIED);
      assertThat(d.diff()).singleElement().satisfies(e -> assertThat(e.path()).endsWith("/timeout"));
    });

    assertThat(prod.policies().reconcile().successful()).isTrue();
    assertThat(Files.readString(vs)).isEqualTo(original);
  }

  @Test
  @DisplayName("deletes the files when the policy is deleted")
  void deletes() throws IOException {
    prod.policies().apply(canary(90, 10));

    ApplyResult deleted = prod.policies().delete(canary(90, 10).ref());

    assertThat(deleted.successful()).isTrue();
    assertThat(files()).isEmpty();
    assertThat(prod.policies().list()).isEmpty();
  }

  @Test
  @DisplayName("gives byte-identical files for the same policy, whatever directory and run")
  void deterministic(@TempDir Path other) throws IOException {
    prod.policies().apply(canary(90, 10));
    try (MeshManager second = MeshManager.builder().backend(new IstioBackendProvider())
        .connector(new DirectoryClusterConnector(other)).build()) {
      second.clusters().register(ClusterSpec.builder().name("mcpc-1").build());
      second.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build()).policies().apply(canary(90, 10));
    }
    for (String file : List.of("destinationrule-reviews.yaml", "virtualservice-reviews.yaml")) {
      assertThat(Files.readString(other.resolve("mcpc-1/bookinfo").resolve(file)))
          .isEqualTo(Files.readString(root.resolve("mcpc-1/bookinfo").resolve(file)));
    }
  }
}
