package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshManager;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.DirectoryClusterConnector;
import io.meshsdk.core.DirectoryMeshStore;
import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.core.InMemoryClusterConnector;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.trust.TrustRoot;
import io.meshsdk.trust.TrustState;
import io.meshsdk.trust.TrustStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The root of trust of a multi-network mesh")
class MeshTrustTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final LogCapture capture = new LogCapture();
  private final List<String> events = new CopyOnWriteArrayList<>();
  @TempDir Path dir;
  private MeshManager meshes;
  private Mesh prod;

  @BeforeEach
  void setUp() {
    capture.start();
    meshes = manager(Clock.fixed(NOW, ZoneOffset.UTC));
    meshes.clusters().register(ClusterSpec.builder().name("mcpc-1").network("net-hub").build());
    meshes.clusters().register(ClusterSpec.builder().name("bj-1").network("net-bj").build());
    meshes.clusters().register(ClusterSpec.builder().name("sh-1").network("net-sh").build());
    prod = meshes.create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());
    prod.join("bj-1");
    prod.join("sh-1");
  }

  private MeshManager manager(Clock clock) {
    return MeshManager.builder().connector(clusters).backend(new IstioBackendProvider())
        .store(new DirectoryMeshStore(dir.resolve("store"))).clock(clock)
        .listener(new MeshListener() {
          @Override
          public void objectApplied(ObjectApplied event) {
            events.add(event.toString());
          }

          @Override
          public void applyFinished(ApplyFinished event) {
            events.add(event.toString());
          }
        })
        .build();
  }

  @AfterEach
  void tearDown() {
    capture.stop();
    meshes.close();
  }

  private static byte[] data(InMemoryCluster cluster, String key) {
    MeshResource secret = cluster.find("Secret", "istio-system", "cacerts").orElseThrow();
    return Base64.getDecoder().decode(secret.field("data").orElseThrow().path(key).asText());
  }

  private static List<X509Certificate> certificates(byte[] pem) throws Exception {
    return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
        .map(X509Certificate.class::cast).collect(Collectors.toList());
  }

  /** Validates a cluster's chain with the JDK's PKIX validator against a root, as a peer's proxy would. */
  private static void validate(List<X509Certificate> chain, X509Certificate root) throws Exception {
    List<X509Certificate> path = new ArrayList<>(chain);
    path.removeIf(root::equals);
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(NOW));
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
        parameters);
  }

  /** Every private key the clusters and the store hold, as PEM text and as its base64. */
  private List<String> keyMaterial() throws IOException {
    List<String> secrets = new ArrayList<>();
    for (String cluster : List.of("mcpc-1", "bj-1", "sh-1")) {
      clusters.cluster(cluster).find("Secret", "istio-system", "cacerts").ifPresent(s -> {
        String key = s.field("data").orElseThrow().path("ca-key.pem").asText();
        secrets.add(key);
        secrets.add(new String(Base64.getDecoder().decode(key), StandardCharsets.US_ASCII).split("\n")[1]);
      });
    }
    try (Stream<Path> files = Files.walk(dir.resolve("store").resolve("secrets"))) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        String key = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).path("root-key.pem")
            .asText();
        secrets.add(key);
        secrets.add(new String(Base64.getDecoder().decode(key), StandardCharsets.US_ASCII).split("\n")[1]);
      }
    }
    return secrets;
  }

  @Test
  @DisplayName("gives every cluster an intermediate CA under one root, which the JDK's validator accepts")
  void sharedRoot() throws Exception {
    TrustRoot root = prod.trust().createRoot();
    assertThat(root.reference()).startsWith("meshes/prod/root-ca-");
    assertThat(prod.spec().trustRoot()).contains(root.reference());
    assertThat(prod.trust().root()).contains(root);

    Plan plan = prod.trust().plan();
    assertThat(plan.changes()).extracting(ResourceChange::cluster).containsExactly("mcpc-1", "bj-1", "sh-1");
    assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(ChangeAction.CREATE);
    assertThat(plan.apply().successful()).isTrue();

    X509Certificate bjRoot = certificates(data(clusters.cluster("bj-1"), "root-cert.pem")).get(0);
    X509Certificate shRoot = certificates(data(clusters.cluster("sh-1"), "root-cert.pem")).get(0);
    assertThat(bjRoot).isEqualTo(shRoot);
    List<X509Certificate> bjChain = certificates(data(clusters.cluster("bj-1"), "cert-chain.pem"));
    List<X509Certificate> shChain = certificates(data(clusters.cluster("sh-1"), "cert-chain.pem"));
    assertThat(bjChain.get(0)).isNotEqualTo(shChain.get(0));
    assertThat(bjChain.get(0)).isEqualTo(certificates(data(clusters.cluster("bj-1"), "ca-cert.pem")).get(0));
    validate(bjChain, shRoot);
    validate(shChain, bjRoot);
    assertThat(bjChain.get(0).getBasicConstraints()).as("a CA that signs workloads only").isZero();
    assertThat(bjChain.get(0).getSubjectX500Principal().getName()).contains("bj-1");

    assertThat(prod.trust().status()).extracting(TrustStatus::state)
        .containsExactly(TrustState.VERIFIED, TrustState.VERIFIED, TrustState.VERIFIED);
    assertThat(prod.trust().plan().hasChanges()).isFalse();
    assertThatThrownBy(() -> prod.trust().createRoot()).isInstanceOfSatisfying(MeshConflictException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
  }

  @Test
  @DisplayName("rotating an intermediate keeps the root, so certificates of the old intermediate stay trusted")
  void rotation() throws Exception {
    prod.trust().createRoot();
    prod.trust().plan().apply();
    InMemoryCluster bj = clusters.cluster("bj-1");
    List<X509Certificate> old = certificates(data(bj, "cert-chain.pem"));

    Plan rotation = prod.trust().planRotation("bj-1");
    assertThat(rotation.changes()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo(ChangeAction.UPDATE);
      assertThat(c.cluster()).isEqualTo("bj-1");
    });
    rotation.apply();

    List<X509Certificate> rotated = certificates(data(bj, "cert-chain.pem"));
    X509Certificate root = certificates(data(bj, "root-cert.pem")).get(0);
    assertThat(rotated.get(0)).isNotEqualTo(old.get(0));
    validate(rotated, root);
    validate(old, root);
    validate(old, certificates(data(clusters.cluster("sh-1"), "root-cert.pem")).get(0));
    assertThat(prod.trust().status()).allSatisfy(s -> assertThat(s.verified()).isTrue());
  }

  @Test
  @DisplayName("reports a cluster whose chain leads to another root, does not verify, or is missing")
  void health() {
    prod.trust().createRoot();
    prod.trust().plan().apply();
    InMemoryCluster sh = clusters.cluster("sh-1");
    InMemoryCluster bj = clusters.cluster("bj-1");

    // another mesh's CA, plugged into sh-1 by hand
    meshes.clusters().register(ClusterSpec.builder().name("other-cp").build());
    Mesh other = meshes.create(MeshSpec.dedicated("other").cluster("other-cp").build());
    other.trust().createRoot();
    other.trust().plan().apply();
    ObjectNode foreign = clusters.cluster("other-cp").find("Secret", "istio-system", "cacerts").orElseThrow().content();
    ((ObjectNode) foreign.path("metadata")).remove("labels");
    sh.putOutOfBand(MeshResource.of(foreign));

    // bj-1's key replaced by another's
    ObjectNode broken = bj.find("Secret", "istio-system", "cacerts").orElseThrow().content();
    ((ObjectNode) broken.path("data")).put("ca-key.pem", foreign.path("data").path("ca-key.pem").asText());
    bj.putOutOfBand(MeshResource.of(broken));

    clusters.cluster("mcpc-1").removeOutOfBand(
        io.meshsdk.resource.ResourceRef.of("v1", "Secret", "istio-system", "cacerts"));

    List<TrustStatus> status = prod.trust().status();
    assertThat(status).extracting(TrustStatus::cluster, TrustStatus::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("mcpc-1", TrustState.MISSING),
        org.assertj.core.groups.Tuple.tuple("bj-1", TrustState.INVALID),
        org.assertj.core.groups.Tuple.tuple("sh-1", TrustState.DIFFERENT_ROOT));
    assertThat(status.get(2).rootFingerprint()).isPresent()
        .isNotEqualTo(prod.trust().root().map(TrustRoot::fingerprint));
    assertThat(status.get(1).detail()).contains("ca-key.pem").doesNotContain("PRIVATE");

    // a CA the SDK did not write is never replaced
    long writes = clusters.writes();
    assertThatThrownBy(() -> prod.trust().plan()).isInstanceOf(MeshConflictException.class)
        .hasMessageContaining("sh-1");
    assertThat(clusters.writes()).isEqualTo(writes);
    sh.removeOutOfBand(io.meshsdk.resource.ResourceRef.of("v1", "Secret", "istio-system", "cacerts"));
    Plan repair = prod.trust().plan();
    assertThat(repair.changes()).extracting(c -> c.cluster() + " " + c.action())
        .containsExactly("mcpc-1 CREATE", "bj-1 UPDATE", "sh-1 CREATE");
    repair.apply();
    assertThat(prod.trust().status()).allSatisfy(s -> assertThat(s.verified()).as(s.detail()).isTrue());
  }

  @Test
  @DisplayName("an istiod that started before its CA was issued, and does not reload it, is reported until it restarts")
  void notLoaded() {
    prod.trust().createRoot();
    InMemoryCluster mcpc = clusters.cluster("mcpc-1");
    Instant before = NOW.minus(Duration.ofMinutes(2));
    mcpc.putOutOfBand(istiod("istiod-5d8f-x7k2p", before, before, false));
    clusters.cluster("bj-1").putOutOfBand(istiod("istiod-7c2a-q9d4m", before, before, true));
    prod.trust().plan().apply();

    List<TrustStatus> status = prod.trust().status();
    assertThat(status).extracting(TrustStatus::cluster, TrustStatus::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("mcpc-1", TrustState.NOT_LOADED),
        org.assertj.core.groups.Tuple.tuple("bj-1", TrustState.VERIFIED),
        org.assertj.core.groups.Tuple.tuple("sh-1", TrustState.VERIFIED));
    assertThat(status.get(0).verified()).isFalse();
    assertThat(status.get(0).detail()).contains("istiod-5d8f-x7k2p", before.toString(), "AUTO_RELOAD_PLUGIN_CERTS",
        "kubectl -n istio-system rollout restart deployment/istiod-1-29");
    assertThat(status.get(0).rootFingerprint()).isEqualTo(status.get(1).rootFingerprint());
    assertThat(prod.trust().plan().hasChanges()).as("the CA itself is right: nothing to issue again").isFalse();

    // istiod's container restarted after the CA was issued
    mcpc.putOutOfBand(istiod("istiod-5d8f-x7k2p", before, NOW.plus(Duration.ofMinutes(1)), false));
    assertThat(prod.trust().status()).allSatisfy(s -> assertThat(s.state()).as(s.detail()).isEqualTo(TrustState.VERIFIED));
  }

  /**
   * A pod of Deployment {@code istiod-1-29} as the kubelet reports it: started, with its container
   * running since a time.
   */
  private static MeshResource istiod(String name, Instant started, Instant containerStarted, boolean reloads) {
    ObjectNode pod = MeshResource.skeleton("v1", "Pod", "istio-system", name);
    ObjectNode metadata = pod.withObjectProperty("metadata");
    metadata.putObject("labels").put("app", "istiod").put("istio.io/rev", "1-29").put("pod-template-hash", "5d8f");
    metadata.putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
        .put("name", "istiod-1-29-5d8f").put("uid", "3f1c").put("controller", true);
    ObjectNode container = pod.putObject("spec").putArray("containers").addObject()
        .put("name", "discovery").put("image", "docker.io/istio/pilot:1.29.3");
    if (reloads) {
      container.putArray("env").addObject().put("name", "AUTO_RELOAD_PLUGIN_CERTS").put("value", "true");
    }
    ObjectNode status = pod.putObject("status").put("phase", "Running").put("startTime", started.toString());
    status.putArray("containerStatuses").addObject().put("name", "discovery").putObject("state")
        .putObject("running").put("startedAt", containerStarted.toString());
    return MeshResource.of(pod);
  }

  @Test
  @DisplayName("an intermediate past its expiry no longer verifies")
  void expiry() {
    prod.trust().createRoot();
    prod.trust().plan().apply();
    meshes.close();
    meshes = manager(Clock.fixed(NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC));
    List<TrustStatus> later = meshes.get("prod").trust().status();
    assertThat(later).allSatisfy(s -> {
      assertThat(s.state()).isEqualTo(TrustState.INVALID);
      assertThat(s.detail()).contains("expired");
    });
  }

  @Test
  @DisplayName("no private key in logs, events, plan renderings, JSON, toString or the mesh's record")
  void noKeyLeaks() throws Exception {
    TrustRoot root = prod.trust().createRoot();
    Plan plan = prod.trust().plan();
    String rendered = plan.render();
    assertThat(rendered).contains("(redacted)").doesNotContain("PRIVATE KEY").doesNotContain("LS0tLS1CRUdJTi");
    assertThatThrownBy(plan::toJson).isInstanceOf(MeshException.class).hasMessageContaining("Secret");
    String shown = plan + " " + plan.changes() + " " + root;
    plan.apply();
    prod.trust().planRotation("sh-1").apply();
    String status = prod.trust().status().toString();

    List<String> keys = keyMaterial();
    assertThat(keys).hasSizeGreaterThanOrEqualTo(8);
    String meshRecord;
    try (Stream<Path> files = Files.walk(dir.resolve("store").resolve("meshes"))) {
      meshRecord = files.filter(Files::isRegularFile).map(f -> {
        try {
          return Files.readString(f);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).collect(Collectors.joining("\n"));
    }
    assertThat(meshRecord).contains(root.reference()).doesNotContain("PRIVATE KEY", "root-key");
    String everything = String.join("\n", capture.lines()) + "\n" + String.join("\n", events) + "\n" + rendered
        + "\n" + shown + "\n" + status + "\n" + meshRecord;
    assertThat(capture.lines()).as("DEBUG output was captured").anyMatch(l -> l.contains("root of trust"));
    for (String key : keys) {
      assertThat(everything).doesNotContain(key);
    }
    Path secretFile = dir.resolve("store").resolve("secrets").resolve(root.reference() + ".json");
    if (secretFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(secretFile))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  @DisplayName("refuses to write key material into a GitOps directory, with a typed error")
  void gitOps(@TempDir Path manifests) throws IOException {
    try (MeshManager gitOps = MeshManager.builder().connector(new DirectoryClusterConnector(manifests))
        .backend(new IstioBackendProvider()).build()) {
      gitOps.clusters().register(ClusterSpec.builder().name("dev-1").build());
      Mesh dev = gitOps.create(MeshSpec.dedicated("dev").cluster("dev-1").build());
      dev.trust().createRoot();
      assertThatThrownBy(() -> dev.trust().plan()).isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("GitOps");
      assertThatThrownBy(() -> dev.trust().planRotation("dev-1")).isInstanceOf(UnsupportedCapabilityException.class);
      try (Stream<Path> files = Files.walk(manifests)) {
        assertThat(files.filter(Files::isRegularFile).collect(Collectors.toList()))
            .as("no manifest written").isEmpty();
      }
    }
  }

  @Test
  @DisplayName("an EXTERNAL mesh gets no CAs from the SDK")
  void external() {
    meshes.clusters().register(ClusterSpec.builder().name("legacy-1").build());
    Mesh legacy = meshes.create(MeshSpec.external("legacy").addPrimary("legacy-1").build());
    assertThatThrownBy(() -> legacy.trust().createRoot()).isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("EXTERNAL");
    assertThat(legacy.spec().trustRoot()).isEmpty();
  }

  @Test
  @DisplayName("a mesh without a root says so")
  void noRoot() {
    assertThat(prod.trust().root()).isEmpty();
    assertThatThrownBy(() -> prod.trust().plan()).isInstanceOf(MeshNotFoundException.class)
        .hasMessageContaining("createRoot");
  }
}
