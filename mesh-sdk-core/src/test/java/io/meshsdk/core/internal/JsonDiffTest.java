package io.meshsdk.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.plan.DiffEntry;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The diff compares the fields the SDK manages")
class JsonDiffTest {
  private static final String WANTED = "{\"apiVersion\":\"v1\",\"kind\":\"Front\",\"metadata\":{\"name\":\"reviews\","
      + "\"namespace\":\"bookinfo\",\"labels\":{\"app.kubernetes.io/managed-by\":\"mesh-sdk\"}},"
      + "\"spec\":{\"host\":\"reviews\",\"routes\":[{\"to\":\"v1\"}]}}";

  private static MeshResource object(String json) {
    return MeshResource.parse(json);
  }

  private static MeshResource live(String spec, String labels) {
    return object("{\"apiVersion\":\"v1\",\"kind\":\"Front\",\"metadata\":{\"name\":\"reviews\",\"namespace\":"
        + "\"bookinfo\",\"uid\":\"1234\",\"resourceVersion\":\"7\",\"labels\":" + labels + "},\"spec\":" + spec
        + ",\"status\":{\"ok\":true}}");
  }

  private static List<String> paths(List<DiffEntry> diff) {
    return diff.stream().map(e -> e.op() + " " + e.path()).collect(Collectors.toList());
  }

  @Test
  @DisplayName("a field another manager added beside the SDK's is not a change")
  void foreignFieldIsNoChange() {
    MeshResource live = live("{\"host\":\"reviews\",\"routes\":[{\"to\":\"v1\"}],\"exportTo\":[\".\"]}",
        "{\"app.kubernetes.io/managed-by\":\"mesh-sdk\",\"team\":\"a\"}");

    assertThat(JsonDiff.diff(live, object(WANTED))).isEmpty();
    assertThat(JsonDiff.diff(live, object(WANTED), Optional.of(object(WANTED)))).isEmpty();
  }

  @Test
  @DisplayName("a field the SDK wrote before and no longer wants is a removal; a foreign one beside it is not")
  void fieldWrittenBeforeIsRemoved() {
    MeshResource written = object(WANTED.replace("\"host\":\"reviews\",", "\"host\":\"reviews\",\"timeout\":\"2s\","));
    MeshResource live = live("{\"host\":\"reviews\",\"timeout\":\"2s\",\"routes\":[{\"to\":\"v1\"}],\"exportTo\":[\".\"]}",
        "{\"app.kubernetes.io/managed-by\":\"mesh-sdk\"}");

    assertThat(paths(JsonDiff.diff(live, object(WANTED), Optional.of(written)))).containsExactly("REMOVE /spec/timeout");
    assertThat(JsonDiff.diff(live, object(WANTED), Optional.empty())).isEmpty();
  }

  @Test
  @DisplayName("a label the SDK wrote before and no longer wants is a removal; labels of others are not")
  void labelWrittenBeforeIsRemoved() {
    MeshResource written = object(WANTED.replace("{\"app.kubernetes.io/managed-by\":\"mesh-sdk\"}",
        "{\"app.kubernetes.io/managed-by\":\"mesh-sdk\",\"old\":\"x\"}"));
    MeshResource live = live("{\"host\":\"reviews\",\"routes\":[{\"to\":\"v1\"}]}",
        "{\"app.kubernetes.io/managed-by\":\"mesh-sdk\",\"old\":\"x\",\"team\":\"a\"}");

    assertThat(paths(JsonDiff.diff(live, object(WANTED), Optional.of(written))))
        .containsExactly("REMOVE /metadata/labels/old");
  }

  @Test
  @DisplayName("a changed value of a managed field, nested or in a list, is a change; lists are compared whole")
  void managedChangesShow() {
    MeshResource live = live("{\"host\":\"ratings\",\"routes\":[{\"to\":\"v1\",\"extra\":1},{\"to\":\"v2\"}]}",
        "{\"app.kubernetes.io/managed-by\":\"mesh-sdk\"}");

    assertThat(paths(JsonDiff.diff(live, object(WANTED), Optional.of(object(WANTED)))))
        .containsExactly("REPLACE /spec/host", "REMOVE /spec/routes/0/extra", "REMOVE /spec/routes/1");
  }

  @Test
  @DisplayName("a managed field that another manager removed is an addition")
  void removedManagedFieldIsAdded() {
    MeshResource live = live("{\"host\":\"reviews\"}", "{\"app.kubernetes.io/managed-by\":\"mesh-sdk\"}");

    assertThat(paths(JsonDiff.diff(live, object(WANTED)))).containsExactly("ADD /spec/routes");
  }
}
