package io.meshsdk.istio.internal.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ResourceType;

/** Converts between fabric8's generic objects and {@link MeshResource}, through JSON. */
final class ResourceJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesSerialization serialization;

  ResourceJson(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  static ResourceDefinitionContext context(ResourceType type) {
    String apiVersion = type.apiVersion();
    int slash = apiVersion.indexOf('/');
    return new ResourceDefinitionContext.Builder()
        .withGroup(type.group())
        .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
        .withKind(type.kind())
        .withPlural(type.plural())
        .withNamespaced(type.namespaced())
        .build();
  }

  /**
   * The object as the SDK sees it: apiVersion and kind filled in (list answers leave them out),
   * managedFields dropped, since they are the API server's bookkeeping.
   */
  MeshResource toMesh(GenericKubernetesResource object, ResourceType type) {
    try {
      JsonNode node = JSON.readTree(serialization.asJson(object));
      ObjectNode content = (ObjectNode) node;
      if (!content.hasNonNull("apiVersion")) {
        content.put("apiVersion", type.apiVersion());
      }
      if (!content.hasNonNull("kind")) {
        content.put("kind", type.kind());
      }
      JsonNode metadata = content.get("metadata");
      if (metadata instanceof ObjectNode) {
        ((ObjectNode) metadata).remove("managedFields");
      }
      return MeshResource.of(content);
    } catch (JsonProcessingException | ClassCastException | IllegalArgumentException e) {
      throw new MeshException(ErrorCode.INTERNAL,
          "the API server returned a " + type + " that is not a Kubernetes object", e);
    }
  }

  GenericKubernetesResource toFabric8(MeshResource resource) {
    return serialization.unmarshal(resource.toJson(), GenericKubernetesResource.class);
  }
}
