package io.meshsdk.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Reads a YAML stream (or JSON, which is YAML) into JSON trees the way {@code kubectl} reads a
 * manifest, and no more loosely:
 *
 * <ul>
 *   <li>A key repeated in one mapping is refused, naming the key's path and both lines, as kubectl
 *       refuses it; keeping either value would silently drop the other.
 *   <li>Anchors and aliases are resolved: an alias ({@code *base}) stands for a copy of the node
 *       its anchor ({@code &base}) marks earlier in the same document, and a merge key ({@code <<:
 *       *base}) adds the anchored mapping's keys that the mapping does not set itself. An alias to
 *       an anchor not defined before it is refused.
 *   <li>Aliases may add at most {@value #MAX_ALIAS_NODES} nodes per stream, so a document of
 *       nested aliases (the "billion laughs") is refused after a bounded amount of work instead of
 *       growing into gigabytes.
 * </ul>
 *
 * <p>Scalars are typed as Jackson's YAML reader types them. Each problem is recorded as a
 * violation at {@code documents[i]} followed by the path inside the document.
 */
public final class YamlDocuments {
  /** The most nodes that aliases may add to the documents of one stream. */
  public static final int MAX_ALIAS_NODES = 10_000;

  private static final AnchorAwareFactory FACTORY = new AnchorAwareFactory();

  private final Violations violations;
  private final int firstDocument;
  private final Map<String, JsonNode> anchors = new HashMap<>();
  private int aliasNodes;
  private AnchorAwareParser parser;
  private String documentField;

  private YamlDocuments(Violations violations, int firstDocument) {
    this.violations = violations;
    this.firstDocument = firstDocument;
  }

  /**
   * Reads every document of a stream. Reading stops at the first document with a problem; the
   * documents before it are returned.
   *
   * @param text the YAML or JSON text
   * @param firstDocument the index of the stream's first document in the field paths
   * @param violations where problems are recorded
   * @return the documents read, in order; {@code null} for an empty document
   */
  public static List<JsonNode> read(String text, int firstDocument, Violations violations) {
    return new YamlDocuments(violations, firstDocument).readAll(text);
  }

  private List<JsonNode> readAll(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (AnchorAwareParser p = (AnchorAwareParser) FACTORY.createParser(text)) {
      parser = p;
      JsonToken token = p.nextToken();
      while (token != null) {
        documentField = "documents[" + (firstDocument + documents.size()) + "]";
        anchors.clear();
        int before = violationCount();
        JsonNode document = value(token, "");
        if (violationCount() > before) {
          return documents;
        }
        documents.add(document.isNull() ? null : document);
        token = p.nextToken();
        if (token == null) {
          token = p.nextToken();
        }
      }
    } catch (Problem problem) {
      violations.add(documentField + problem.path, problem.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String field = documentField != null ? documentField : "documents[" + firstDocument + "]";
      violations.add(field, "is not valid YAML or JSON: " + e.getOriginalMessage().replaceAll("\\s+", " ").trim());
    } catch (IOException | RuntimeException e) {
      String field = documentField != null ? documentField : "documents[" + firstDocument + "]";
      violations.add(field, "cannot be read: " + e.getMessage());
    }
    return documents;
  }

  private int violationCount() {
    return violations.list().size();
  }

  private JsonNode value(JsonToken token, String path) throws IOException {
    if (parser.isCurrentAlias()) {
      return alias(parser.alias(), path);
    }
    String anchor = parser.anchor();
    JsonNode node;
    switch (token) {
      case START_OBJECT:
        node = object(path);
        break;
      case START_ARRAY:
        node = array(path);
        break;
      case VALUE_STRING:
        node = JsonNodeFactory.instance.textNode(parser.getText());
        break;
      case VALUE_NUMBER_INT:
        node = integer();
        break;
      case VALUE_NUMBER_FLOAT:
        node = parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
            ? JsonNodeFactory.instance.numberNode(parser.getDecimalValue())
            : JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
        break;
      case VALUE_TRUE:
        node = JsonNodeFactory.instance.booleanNode(true);
        break;
      case VALUE_FALSE:
        node = JsonNodeFactory.instance.booleanNode(false);
        break;
      case VALUE_EMBEDDED_OBJECT:
        Object embedded = parser.getEmbeddedObject();
        node = embedded instanceof byte[]
            ? JsonNodeFactory.instance.binaryNode((byte[]) embedded)
            : JsonNodeFactory.instance.pojoNode(embedded);
        break;
      default:
        node = JsonNodeFactory.instance.nullNode();
        break;
    }
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private JsonNode integer() throws IOException {
    switch (parser.getNumberType()) {
      case INT:
        return JsonNodeFactory.instance.numberNode(parser.getIntValue());
      case LONG:
        return JsonNodeFactory.instance.numberNode(parser.getLongValue());
      default:
        return JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
    }
  }

  private ObjectNode object(String path) throws IOException {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    Map<String, Integer> lines = new HashMap<>();
    List<JsonNode> merged = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      int line = parser.currentTokenLocation().getLineNr();
      String keyPath = path + "." + key;
      JsonNode value = value(parser.nextToken(), keyPath);
      if (key.equals("<<")) {
        merged.add(value);
        continue;
      }
      Integer first = lines.putIfAbsent(key, line);
      if (first != null) {
        violations.add(documentField + keyPath, "repeats key " + Violations.quote(key) + " (lines " + first
            + " and " + line + "); kubectl refuses a repeated key too, and keeping either value would"
            + " silently drop the other");
        continue;
      }
      node.set(key, value);
    }
    if (token != JsonToken.END_OBJECT) {
      throw new Problem(path, "is not a complete mapping");
    }
    merge(node, merged, path);
    return node;
  }

  /** Adds the keys of merged mappings that the mapping does not set; earlier sources win. */
  private void merge(ObjectNode node, List<JsonNode> sources, String path) {
    Map<String, JsonNode> added = new LinkedHashMap<>();
    for (JsonNode source : sources) {
      List<JsonNode> mappings = new ArrayList<>();
      if (source.isArray()) {
        source.forEach(mappings::add);
      } else {
        mappings.add(source);
      }
      for (JsonNode mapping : mappings) {
        if (!mapping.isObject()) {
          throw new Problem(path + ".<<", "must merge a mapping or a list of mappings, but merges a "
              + mapping.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (!node.has(field.getKey())) {
            added.putIfAbsent(field.getKey(), field.getValue());
          }
        }
      }
    }
    added.forEach(node::set);
  }

  private ArrayNode array(String path) throws IOException {
    ArrayNode node = JsonNodeFactory.instance.arrayNode();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new Problem(path, "is not a complete list");
      }
      node.add(value(token, path + "[" + node.size() + "]"));
    }
    return node;
  }

  private JsonNode alias(String name, String path) {
    JsonNode target = anchors.get(name);
    if (target == null) {
      throw new Problem(path, "refers to anchor " + Violations.quote("&" + name)
          + ", which is not defined before it in the same document");
    }
    aliasNodes += count(target, MAX_ALIAS_NODES - aliasNodes + 1);
    if (aliasNodes > MAX_ALIAS_NODES) {
      throw new Problem(path, "expands aliases into more than " + MAX_ALIAS_NODES + " nodes; write the"
          + " repeated parts out, or split the objects into several policies");
    }
    return target.deepCopy();
  }

  /** Counts the nodes of a tree, stopping once past a limit. */
  private static int count(JsonNode node, int limit) {
    int total = 1;
    for (JsonNode child : node) {
      if (total > limit) {
        break;
      }
      total += count(child, limit - total);
    }
    return total;
  }

  /** A problem that ends reading: its path inside the document and its message. */
  private static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;

    Problem(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  /** Creates {@link AnchorAwareParser}s for text. */
  private static final class AnchorAwareFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    @Override
    protected YAMLParser _createParser(Reader reader, IOContext context) throws IOException {
      LoaderOptions options = _loaderOptions != null ? _loaderOptions : new LoaderOptions();
      return new AnchorAwareParser(context, _parserFeatures, _yamlParserFeatures, options, _objectCodec, reader);
    }
  }

  /**
   * Jackson's YAML parser, telling the anchor of the current node and the anchor an alias names;
   * Jackson itself reports only the anchors of mappings and sequences.
   */
  private static final class AnchorAwareParser extends YAMLParser {
    AnchorAwareParser(IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options,
        ObjectCodec codec, Reader reader) {
      super(context, parserFeatures, yamlFeatures, options, codec, reader);
    }

    /** The anchor of the node just read, or {@code null}. */
    String anchor() {
      Event event = _lastEvent;
      return event instanceof NodeEvent && !(event instanceof AliasEvent) ? ((NodeEvent) event).getAnchor() : null;
    }

    /** The anchor the alias just read names. */
    String alias() throws IOException {
      return _lastEvent instanceof AliasEvent ? ((AliasEvent) _lastEvent).getAnchor() : getText();
    }
  }
}
