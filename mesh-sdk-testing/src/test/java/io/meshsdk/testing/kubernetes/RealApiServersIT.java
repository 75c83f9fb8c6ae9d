package io.meshsdk.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.MeshManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RealApiServersIT {
  static RealApiServers servers;

  @BeforeAll
  static void start() {
    servers = RealApiServers.builder().build();
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void eachClusterIsItsOwnApiServerWithIstiosKinds() {
    KubernetesClient one = servers.client("one");
    KubernetesClient two = servers.client("two");
    one.configMaps().inNamespace("istio-system").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("only-on-one").endMetadata().build()).create();

    assertThat(two.configMaps().inNamespace("istio-system").withName("only-on-one").get()).isNull();
    assertThat(one.apiextensions().v1().customResourceDefinitions().withName("virtualservices.networking.istio.io")
        .get()).isNotNull();
    assertThat(servers.url("one")).startsWith("https://127.0.0.1:");
    assertThat(servers.url("one")).isNotEqualTo(servers.url("two"));
  }

  @Test
  void rejectsAnUnauthenticatedCallerAndAuthorisesByRbac() {
    String url = servers.url("one");
    String anonymous = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + url
        + "\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: not-a-token\n"
        + "contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n";
    try (KubernetesClient stranger = RealApiServers.clientFor(anonymous)) {
      assertThatThrownBy(() -> stranger.configMaps().inNamespace("default").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
    var review = servers.client("one").authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
            .withVerb("delete").withResource("namespaces").endResourceAttributes().endSpec().build());
    assertThat(review.getStatus().getAllowed()).isTrue();
  }

  @Test
  void theSdkReachesTheClusterWithTheKubeconfigGiven() {
    try (MeshManager meshes = MeshManager.builder().connector(servers.connector()).build()) {
      meshes.clusters().register(servers.clusterSpec("one"));
      ClusterHealth health = meshes.clusters().health("one");
      assertThat(health.status()).isEqualTo(ClusterHealth.Status.REACHABLE);
      assertThat(health.kubernetesVersion()).hasValueSatisfying(v -> assertThat(v).startsWith("v1.36"));
      assertThat(health.istioCrds()).containsKey("virtualservices.networking.istio.io");
    }
  }

  @Test
  void deletesWhatTheSdkManagesInEveryServedVersionAndKeepsTheRest() {
    KubernetesClient one = servers.client("one");
    servers.createNamespace("one", "cleanup");
    // EnvoyFilter is served as networking.istio.io/v1alpha3 only, while the group prefers v1
    ResourceDefinitionContext envoyFilters = new ResourceDefinitionContext.Builder().withGroup("networking.istio.io")
        .withVersion("v1alpha3").withKind("EnvoyFilter").withPlural("envoyfilters").withNamespaced(true).build();
    GenericKubernetesResource filter = new GenericKubernetesResource();
    filter.setApiVersion("networking.istio.io/v1alpha3");
    filter.setKind("EnvoyFilter");
    filter.setMetadata(new ObjectMetaBuilder().withName("managed").withNamespace("istio-system")
        .withLabels(java.util.Map.of("app.kubernetes.io/managed-by", "mesh-sdk")).build());
    one.genericKubernetesResources(envoyFilters).inNamespace("istio-system").resource(filter).create();
    one.configMaps().inNamespace("istio-system").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("someone-elses").endMetadata().build()).create();

    servers.deleteObjects(java.util.List.of("cleanup"));

    assertThat(one.genericKubernetesResources(envoyFilters).inNamespace("istio-system").withName("managed").get())
        .isNull();
    assertThat(one.configMaps().inNamespace("istio-system").withName("someone-elses").get()).isNotNull();
    assertThat(one.namespaces().withName("cleanup").get()).as("namespaces stay").isNotNull();
  }

  @Test
  void anApiServerStaysWithinItsMemoryBudget() {
    long rss = servers.apiServerMemory("one");
    assertThat(rss).isBetween(1L, 400L * 1024 * 1024);
  }
}
