package io.meshsdk.istio.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.meshsdk.resource.MeshResource;
import java.util.List;
import java.util.Map;

/** Converts fabric8 model objects to the neutral {@link MeshResource}. */
final class IstioJson {
  /**
   * Leaves out nulls everywhere, and empty lists and maps (including fabric8's {@code
   * additionalProperties}) wherever a model declares one, so the JSON holds only what the
   * translation set. fabric8 annotates most fields this way already; the mapper makes it hold for
   * every field, whatever a future model version annotates. Empty strings and zeros are kept:
   * they carry meaning ({@code exact: ""}, {@code weight: 0}).
   */
  private static final ObjectMapper MAPPER = mapper();

  private IstioJson() {}

  private static ObjectMapper mapper() {
    JsonInclude.Value nonEmpty =
        JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_NULL);
    JsonMapper mapper =
        JsonMapper.builder()
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();
    mapper.configOverride(List.class).setIncludeAsProperty(nonEmpty);
    mapper.configOverride(Map.class).setIncludeAsProperty(nonEmpty);
    return mapper;
  }

  static MeshResource toResource(HasMetadata object) {
    ObjectNode tree = MAPPER.valueToTree(object);
    return MeshResource.of(tree);
  }
}
