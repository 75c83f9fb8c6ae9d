package io.meshsdk.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshsdk.ApplyFailedException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.ValidationException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.IstiodRevision;
import io.meshsdk.policy.PolicyRef;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JSON of results, drift reports, health and plans")
class ValueJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceRef FRONT = ResourceRef.of("networking.istio.io/v1", "VirtualService", "bookinfo", "reviews");
  private static final ResourceRef BACK = ResourceRef.of("networking.istio.io/v1", "DestinationRule", "bookinfo", "reviews");

  static ApplyResult partialResult() {
    return ApplyResult.of("prod", List.of(
        ClusterApplyResult.of("mcpc-1", List.of(
            ObjectOutcome.builder().ref(BACK).action(ChangeAction.UPDATE).status(ObjectOutcome.Status.FAILED)
                .attempts(1).errorCode(ErrorCode.STALE_PLAN).error("DestinationRule bookinfo/reviews changed").build(),
            ObjectOutcome.builder().ref(FRONT).action(ChangeAction.UPDATE).status(ObjectOutcome.Status.SKIPPED)
                .error("not attempted").build())),
        ClusterApplyResult.of("mcpc-2", List.of(
            ObjectOutcome.builder().ref(FRONT).action(ChangeAction.CREATE).status(ObjectOutcome.Status.APPLIED)
                .attempts(2).build()))));
  }

  @Test
  @DisplayName("an apply result reads back equal, per cluster and per object")
  void applyResultRoundTrip() throws Exception {
    ApplyResult result = partialResult();
    String json = result.toJson();

    assertThat(ApplyResult.fromJson(json)).isEqualTo(result);
    JsonNode tree = JSON.readTree(json);
    assertThat(tree.path("clusters").get(0).path("outcomes").get(0).path("errorCode").asText()).isEqualTo("STALE_PLAN");
    assertThat(tree.path("clusters").get(1).path("outcomes").get(0).path("attempts").asInt()).isEqualTo(2);
    assertThat(tree.path("clusters").get(1).path("outcomes").get(0).has("errorCode")).isFalse();
  }

  @Test
  @DisplayName("orThrow returns a successful result and throws, listing each object per cluster, otherwise")
  void orThrow() {
    ApplyResult ok = ApplyResult.of("prod", List.of(ClusterApplyResult.of("mcpc-1", List.of(
        ObjectOutcome.builder().ref(FRONT).action(ChangeAction.CREATE).status(ObjectOutcome.Status.APPLIED).build()))));
    assertThat(ok.orThrow()).isSameAs(ok);

    ApplyFailedException e = catchThrowableOfType(ApplyFailedException.class, () -> partialResult().orThrow());
    assertThat(e).isInstanceOf(MeshException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.STALE_PLAN);
    assertThat(e.messageCode()).isEqualTo("apply.failed");
    assertThat(e.arguments()).containsEntry("failed", 2).containsEntry("clusters", List.of("mcpc-1"));
    assertThat(e.getMessage()).isEqualTo("applying the plan for mesh prod left 2 object(s) not applied:\n"
        + "  cluster mcpc-1:\n"
        + "    - FAILED UPDATE DestinationRule bookinfo/reviews [STALE_PLAN]: DestinationRule bookinfo/reviews changed\n"
        + "    - SKIPPED UPDATE VirtualService bookinfo/reviews: not attempted");
    assertThat(e.result()).isEqualTo(partialResult());
  }

  @Test
  @DisplayName("a drift report reads back equal, and never shows what a Secret holds")
  void driftReport() throws Exception {
    MeshResource live = MeshResource.parse("{\"apiVersion\":\"networking.istio.io/v1\",\"kind\":\"VirtualService\","
        + "\"metadata\":{\"name\":\"reviews\",\"namespace\":\"bookinfo\",\"resourceVersion\":\"7\"},\"spec\":{\"hosts\":[\"x\"]}}");
    MeshResource secret = MeshResource.parse("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":"
        + "\"istio-remote-secret-bj-1\",\"namespace\":\"istio-system\"},\"data\":{\"bj-1\":\"dG9rZW4tc2VjcmV0\"}}");
    DriftReport report = DriftReport.of("prod", List.of(ClusterDrift.of("mcpc-1",
        List.of(PolicyRef.traffic("bookinfo", "reviews")),
        List.of(
            ObjectDrift.builder().ref(FRONT).policy(PolicyRef.traffic("bookinfo", "reviews"))
                .kind(ObjectDrift.Kind.MODIFIED).live(live).expected(live)
                .addDiff(DiffEntry.of(DiffEntry.Op.REPLACE, "/spec/hosts/0", "\"x\"", "\"reviews\""))
                .reason("edited out of band").build(),
            ObjectDrift.builder().ref(secret.ref()).kind(ObjectDrift.Kind.MODIFIED).live(secret)
                .addDiff(DiffEntry.of(DiffEntry.Op.REPLACE, "/data/bj-1", "\"dG9rZW4tc2VjcmV0\"", "\"bmV3\""))
                .reason("edited out of band").build()))));

    String json = report.toJson();

    assertThat(json).doesNotContain("dG9rZW4tc2VjcmV0").doesNotContain("bmV3").contains("(redacted)");
    DriftReport read = DriftReport.fromJson(json);
    assertThat(read.clusters().get(0).objects().get(0)).isEqualTo(report.clusters().get(0).objects().get(0));
    assertThat(read.clusters().get(0).objects().get(1).live().orElseThrow().content().path("data").path("bj-1").asText())
        .isEqualTo("(redacted)");
    assertThat(read.clusters().get(0).objects().get(1).diff().get(0).after()).contains("\"(redacted)\"");
  }

  @Test
  @DisplayName("cluster health reads back equal and has no field that could hold a credential")
  void clusterHealth() throws Exception {
    ClusterHealth health = ClusterHealth.builder().cluster("bj-1").status(ClusterHealth.Status.REACHABLE)
        .checkedAt(Instant.parse("2026-03-01T10:00:00Z")).latency(Duration.ofMillis(12))
        .kubernetesVersion("v1.31.2").putIstioCrd("networking.istio.io", List.of("v1", "v1beta1"))
        .addIstiodRevisions(IstiodRevision.of("default", "1.24.1", "istiod", 1))
        .addSidecarInjectorWebhooks("istio-sidecar-injector").network("net-bj").build();

    String json = health.toJson();

    assertThat(ClusterHealth.fromJson(json)).isEqualTo(health);
    JsonNode tree = JSON.readTree(json);
    List<String> fields = new ArrayList<>();
    tree.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("checkedAt", "cluster", "istioCrds", "istiodRevisions", "kubernetesVersion",
        "latency", "network", "problems", "sidecarInjectorWebhooks", "status");
    assertThat(tree.path("checkedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(tree.path("latency").asText()).isEqualTo("PT0.012S");
  }

  @Test
  @DisplayName("JSON that is not such a value is refused naming the field")
  void malformed() {
    ValidationException e = catchThrowableOfType(ValidationException.class,
        () -> ApplyResult.fromJson("{\"mesh\":\"prod\",\"clusters\":[{\"cluster\":\"c\",\"outcomes\":[{\"status\":\"DONE\"}]}]}"));
    assertThat(e.violations()).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("clusters[0].outcomes[0].status");
      assertThat(v.code()).isEqualTo("clusters.outcomes.status.type");
    });
    assertThat(catchThrowableOfType(ValidationException.class, () -> ClusterHealth.fromJson("{\"cluster\":\"c\"}"))
        .violations()).extracting(v -> v.code()).containsExactly("status.required", "checkedAt.required");
  }

  @Test
  @DisplayName("a plan that writes a Secret is never serialised, and a plan's JSON must be a plan")
  void serializedPlanGuards() {
    MeshResource secret = MeshResource.parse("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":"
        + "\"istio-remote-secret-bj-1\",\"namespace\":\"istio-system\"},\"data\":{\"bj-1\":\"dG9rZW4tc2VjcmV0\"}}");
    Plan plan = new Plan() {
      @Override
      public String mesh() {
        return "prod";
      }

      @Override
      public List<ResourceChange> changes() {
        return List.of(ResourceChange.builder().cluster("mcpc-1").ref(secret.ref()).action(ChangeAction.CREATE)
            .desired(secret).build());
      }

      @Override
      public String render() {
        return "";
      }

      @Override
      public Plan validateOnServer() {
        return this;
      }

      @Override
      public ApplyResult apply(ApplyMode mode) {
        throw new UnsupportedOperationException();
      }

      @Override
      public CompletableFuture<ApplyResult> applyAsync(ApplyMode mode) {
        throw new UnsupportedOperationException();
      }

      @Override
      public String hash() {
        return "";
      }
    };
    MeshException refused = catchThrowableOfType(MeshException.class, plan::toJson);
    assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY);
    assertThat(refused.messageCode()).isEqualTo("plan.secret");
    assertThat(refused.getMessage()).doesNotContain("dG9rZW4tc2VjcmV0");

    assertThat(catchThrowableOfType(ValidationException.class, () -> SerializedPlan.parse("[]")).violations())
        .extracting(v -> v.code()).containsExactly("type");
    assertThat(catchThrowableOfType(ValidationException.class,
        () -> SerializedPlan.parse("{\"apiVersion\":\"meshsdk.io/v1\",\"kind\":\"Policy\"}")).violations())
        .extracting(v -> v.code()).containsExactly("kind.format");
    assertThat(Map.of()).isEmpty();
  }
}
