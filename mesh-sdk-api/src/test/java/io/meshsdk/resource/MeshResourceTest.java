package io.meshsdk.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A MeshResource")
class MeshResourceTest {

  private static MeshResource virtualService() {
    ObjectNode object = MeshResource.skeleton("networking.istio.io/v1", "VirtualService", "bookinfo", "reviews");
    ObjectNode spec = object.putObject("spec");
    spec.putArray("hosts").add("reviews.bookinfo.svc.cluster.local");
    ObjectNode route = spec.putArray("http").addObject();
    route.putArray("route").addObject().putObject("destination").put("host", "reviews").put("subset", "v1");
    route.put("timeout", "2s");
    return MeshResource.of(object).withLabel("app", "reviews").withAnnotation("note", "yes: no");
  }

  @Test
  @DisplayName("exposes its identity, labels and annotations")
  void identity() {
    MeshResource vs = virtualService();
    assertThat(vs.ref()).isEqualTo(ResourceRef.of("networking.istio.io/v1", "VirtualService", "bookinfo", "reviews"));
    assertThat(vs.labels()).containsExactly(Map.entry("app", "reviews"));
    assertThat(vs.toString()).isEqualTo("VirtualService bookinfo/reviews");
  }

  @Test
  @DisplayName("cannot be changed through the trees it hands out")
  void immutable() {
    MeshResource vs = virtualService();
    vs.content().put("kind", "Mutated");
    ((ObjectNode) vs.field("spec").orElseThrow()).removeAll();
    assertThat(vs.kind()).isEqualTo("VirtualService");
    assertThat(vs.field("spec").orElseThrow().path("hosts")).hasSize(1);
  }

  @Test
  @DisplayName("renders YAML that reads back to the same tree")
  void yamlRoundTrip() throws Exception {
    MeshResource vs = virtualService();
    String yaml = vs.toYaml();
    assertThat(yaml).startsWith("apiVersion: networking.istio.io/v1\nkind: VirtualService\n")
        .contains("  - route:\n").contains("note: \"yes: no\"");
    ObjectNode parsed = (ObjectNode) new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
    assertThat(parsed).isEqualTo(vs.content());
  }

  @Test
  @DisplayName("refuses JSON that repeats a key, naming the key, instead of keeping the last value")
  void refusesRepeatedKey() {
    assertThatThrownBy(() -> MeshResource.parse("{\"apiVersion\":\"networking.istio.io/v1alpha3\","
            + "\"kind\":\"EnvoyFilter\",\"metadata\":{\"name\":\"f\",\"namespace\":\"bookinfo\"},"
            + "\"spec\":{\"workloadSelector\":{\"labels\":{\"app\":\"reviews\"}}},\"spec\":{}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'spec'")
        .hasMessageContaining("line 1");
  }

  @Test
  @DisplayName("refuses an object without identity")
  void needsIdentity() {
    assertThatThrownBy(() -> MeshResource.parse("{\"kind\":\"VirtualService\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiVersion");
  }
}
