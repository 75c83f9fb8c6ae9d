package io.meshsdk.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.resource.MeshResource;
import java.io.IOException;

/** Writes a {@link MeshResource} as its JSON object and reads it back, for intents that hold objects. */
public final class MeshResourceJson {
  private MeshResourceJson() {}

  /** Writes the object's whole tree. */
  public static final class Serializer extends JsonSerializer<MeshResource> {
    /** Creates the serializer; Jackson calls this. */
    public Serializer() {}

    @Override
    public void serialize(MeshResource value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeTree(value.content());
    }
  }

  /** Reads an object's tree; it must have apiVersion, kind and metadata.name. */
  public static final class Deserializer extends JsonDeserializer<MeshResource> {
    /** Creates the deserializer; Jackson calls this. */
    public Deserializer() {}

    @Override
    public MeshResource deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      if (!(node instanceof ObjectNode)) {
        return (MeshResource) ctxt.handleUnexpectedToken(MeshResource.class, p);
      }
      try {
        return MeshResource.of((ObjectNode) node);
      } catch (IllegalArgumentException e) {
        throw com.fasterxml.jackson.databind.exc.ValueInstantiationException.from(p, e.getMessage(),
            ctxt.constructType(MeshResource.class), e);
      }
    }
  }
}
