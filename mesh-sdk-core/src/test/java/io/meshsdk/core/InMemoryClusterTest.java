package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An in-memory cluster")
class InMemoryClusterTest {
  private static final ResourceType THINGS = ResourceType.namespaced("test.meshsdk.io/v1", "Thing", "things");

  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final ClusterConnection connection = clusters.connect(ClusterSpec.builder().name("c-1").build());

  private static MeshResource thing(String name) {
    ObjectNode object = MeshResource.skeleton(THINGS.apiVersion(), "Thing", "ns", name);
    object.with("metadata").with("labels").put("team", "payments");
    ObjectNode spec = object.putObject("spec");
    spec.put("ratio", 0.25).put("whole", 10.0).put("big", 12_345_678_901_234L).put("text", "Zürich → 東京").putNull("none");
    spec.putArray("list").add(1).add("two").addObject().put("three", true);
    return MeshResource.of(object);
  }

  @Test
  @DisplayName("gives back every object as it was written, with a resource version")
  void roundTrip() {
    MeshResource written = connection.apply(THINGS, thing("a"), ApplyOptions.builder().build());

    MeshResource read = connection.get(THINGS, "ns", "a").orElseThrow();

    assertThat(read).isEqualTo(written);
    assertThat(read.withResourceVersion(null)).isEqualTo(thing("a"));
    assertThat(read.resourceVersion()).isPresent();
    assertThat(clusters.cluster("c-1").find("Thing", "ns", "a")).contains(written);
    assertThat(clusters.cluster("c-1").objects()).containsExactly(written);
  }

  @Test
  @DisplayName("lists by kind, namespace and labels")
  void listsBySelector() {
    connection.apply(THINGS, thing("a"), ApplyOptions.builder().build());
    connection.apply(THINGS, thing("b").withLabel("team", "search"), ApplyOptions.builder().build());

    assertThat(connection.list(THINGS, "ns", Map.of("team", "payments"))).extracting(MeshResource::name).containsExactly("a");
    assertThat(connection.list(THINGS, "ns", Map.of())).extracting(MeshResource::name).containsExactly("a", "b");
    assertThat(connection.list(THINGS, null, Map.of("team", "search"))).extracting(MeshResource::name).containsExactly("b");
    assertThat(connection.list(THINGS, "other", Map.of())).isEmpty();
    assertThat(connection.list(THINGS, "ns", Map.of("team", "payments", "tier", "gold"))).isEmpty();
  }
}
