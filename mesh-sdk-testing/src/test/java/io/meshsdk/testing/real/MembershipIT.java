package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.testing.kubernetes.RealApiServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Joining, rotating and leaving on real API servers with the token controller: what the control
 * plane is given is a kubeconfig whose token the member's API server accepts, with exactly the
 * rights endpoint discovery needs, and which stops working when it is rotated out or the member
 * leaves.
 */
@DisplayName("Membership of a hosted mesh on real API servers")
class MembershipIT {
  /** The API server caches successful token authentications for ten seconds. */
  private static final Duration REVOCATION = Duration.ofSeconds(40);
  private static RealApiServers servers;

  @BeforeAll
  static void startServers() {
    servers = RealApiServers.builder().controllers(true).build();
  }

  @AfterAll
  static void stopServers() {
    if (servers != null) {
      servers.close();
    }
  }

  /** The kubeconfig in the member's remote secret on the control plane. */
  static String remoteKubeconfig(String controlPlane, String member) {
    Secret secret = servers.client(controlPlane).secrets().inNamespace("istio-system")
        .withName("istio-remote-secret-" + member).get();
    assertThat(secret).as("remote secret of %s on %s", member, controlPlane).isNotNull();
    assertThat(secret.getMetadata().getLabels()).containsEntry("istio/multiCluster", "true");
    assertThat(secret.getData()).containsKey(member);
    return new String(Base64.getDecoder().decode(secret.getData().get(member)), StandardCharsets.UTF_8);
  }

  private static boolean allowed(KubernetesClient client, String verb, String group, String resource) {
    SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
            .withVerb(verb).withGroup(group).withResource(resource).endResourceAttributes().endSpec().build());
    return Boolean.TRUE.equals(review.getStatus().getAllowed());
  }

  static int status(String kubeconfig) {
    try (KubernetesClient client = RealApiServers.clientFor(kubeconfig)) {
      client.pods().inAnyNamespace().list();
      return 200;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  static void awaitRefused(String kubeconfig, String what) {
    Awaitility.await(what).atMost(REVOCATION).pollInterval(Duration.ofMillis(500))
        .until(() -> status(kubeconfig) == 401);
  }

  @Test
  @DisplayName("gives istiod a token that can read endpoints and nothing else, rotates it and revokes it on leave")
  void joinRotateLeave() {
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      for (String cluster : List.of("cp", "m1", "m2")) {
        meshes.clusters().register(servers.clusterSpec(cluster));
      }
      Mesh mesh = meshes.create(MeshSpec.hosted("members").controlPlane("cp").build());
      mesh.join("m1");
      mesh.join("m2");

      String first = remoteKubeconfig("cp", "m1");
      assertThat(first).contains(servers.url("m1"));
      try (KubernetesClient reader = RealApiServers.clientFor(first)) {
        for (String resource : List.of("pods", "services", "endpoints", "namespaces", "nodes")) {
          for (String verb : List.of("list", "watch")) {
            assertThat(allowed(reader, verb, "", resource)).as("%s %s", verb, resource).isTrue();
          }
        }
        assertThat(allowed(reader, "list", "discovery.k8s.io", "endpointslices")).as("list endpointslices").isTrue();
        assertThat(allowed(reader, "watch", "discovery.k8s.io", "endpointslices")).as("watch endpointslices").isTrue();
        assertThat(allowed(reader, "create", "authentication.k8s.io", "tokenreviews"))
            .as("create tokenreviews").isTrue();
        assertThat(allowed(reader, "create", "authorization.k8s.io", "subjectaccessreviews"))
            .as("create subjectaccessreviews").isTrue();
        assertThat(allowed(reader, "list", "", "secrets")).as("list secrets").isFalse();
        assertThat(allowed(reader, "create", "", "pods")).as("create pods").isFalse();
        assertThat(allowed(reader, "delete", "", "namespaces")).as("delete namespaces").isFalse();
        assertThat(allowed(reader, "update", "", "services")).as("update services").isFalse();
        assertThat(allowed(reader, "get", "", "configmaps")).as("get configmaps").isFalse();
        // and the server agrees when asked for real
        assertThat(reader.pods().inAnyNamespace().list()).isNotNull();
        assertThatThrownBy(() -> reader.secrets().inNamespace("istio-system").list())
            .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      }
      String otherMember = remoteKubeconfig("cp", "m2");
      assertThat(status(otherMember)).isEqualTo(200);

      mesh.rotateCredentials("m1");

      String rotated = remoteKubeconfig("cp", "m1");
      assertThat(rotated).isNotEqualTo(first);
      assertThat(status(rotated)).as("the rotated token").isEqualTo(200);
      awaitRefused(first, "the token rotated out is refused with 401");
      assertThat(status(otherMember)).as("the other member's token").isEqualTo(200);

      mesh.leave("m1");

      assertThat(servers.client("cp").secrets().inNamespace("istio-system").withName("istio-remote-secret-m1").get())
          .as("remote secret of m1 after leave").isNull();
      awaitRefused(rotated, "the token of a member that left is refused with 401");
      Namespace istioSystem = servers.client("m1").namespaces().withName("istio-system").get();
      assertThat(istioSystem).as("istio-system on the member that left").isNotNull();
      assertThat(istioSystem.getMetadata().getDeletionTimestamp()).as("istio-system deletion").isNull();
      assertThat(status(otherMember)).as("the other member's token").isEqualTo(200);
      assertThat(mesh.spec().members()).containsExactly("m2");

      mesh.join("m1");

      String rejoined = remoteKubeconfig("cp", "m1");
      assertThat(status(rejoined)).as("the token given on joining again").isEqualTo(200);
      assertThat(mesh.spec().members()).containsExactlyInAnyOrder("m1", "m2");
    }
  }
}
