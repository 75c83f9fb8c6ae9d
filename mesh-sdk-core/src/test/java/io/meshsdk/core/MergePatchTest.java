package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ResourceType;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A merge patch through a cluster connection")
class MergePatchTest {
  private static final ResourceType NAMESPACE = ResourceType.clusterScoped("v1", "Namespace", "namespaces");
  private final InMemoryClusterConnector clusters = new InMemoryClusterConnector();
  private final ClusterConnection connection = clusters.connect(ClusterSpec.builder().name("bj-1").build());

  @Test
  @DisplayName("sets and removes only the fields it names, keeping everything else")
  void patchesOnlyNamedFields() {
    ObjectNode namespace = MeshResource.skeleton("v1", "Namespace", null, "bookinfo");
    ((ObjectNode) namespace.get("metadata")).putObject("labels").put("team", "shop").put("old", "x");
    clusters.cluster("bj-1").putOutOfBand(MeshResource.of(namespace));
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").putObject("labels").put("istio-injection", "enabled").putNull("old");

    MeshResource patched = connection.mergePatch(NAMESPACE, null, "bookinfo", patch);

    assertThat(patched.labels()).isEqualTo(Map.of("team", "shop", "istio-injection", "enabled"));
    assertThat(clusters.cluster("bj-1").find("Namespace", null, "bookinfo")).contains(patched);
  }

  @Test
  @DisplayName("says which object is missing")
  void missingObject() {
    assertThatThrownBy(() -> connection.mergePatch(NAMESPACE, null, "nope", JsonNodeFactory.instance.objectNode()))
        .isInstanceOf(MeshNotFoundException.class)
        .hasMessageContaining("Namespace nope does not exist on cluster bj-1");
  }
}
