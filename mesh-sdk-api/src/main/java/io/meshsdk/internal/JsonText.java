package io.meshsdk.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * Writes a string that holds JSON text as the JSON value it denotes, and reads any JSON value back
 * as compact JSON text: so the values of a diff appear in JSON as {@code "before": 90}, not as
 * {@code "before": "90"}.
 */
public final class JsonText {
  private JsonText() {}

  /** Writes the value the text denotes; text that is not JSON is written as a string. */
  public static final class Serializer extends JsonSerializer<String> {
    /** Creates the serializer; Jackson calls this. */
    public Serializer() {}

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      JsonNode tree;
      try {
        tree = ApiJson.MAPPER.readTree(value);
      } catch (JsonProcessingException e) {
        gen.writeString(value);
        return;
      }
      gen.writeTree(tree);
    }
  }

  /** Reads any JSON value as its compact text. */
  public static final class Deserializer extends JsonDeserializer<String> {
    /** Creates the deserializer; Jackson calls this. */
    public Deserializer() {}

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode tree = p.readValueAsTree();
      return ApiJson.MAPPER.writeValueAsString(tree);
    }
  }
}
