package io.meshsdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a JSON tree as block-style YAML. Strings that could read as anything but a plain string
 * (numbers, booleans, null, YAML indicators) are double-quoted with JSON escapes, which YAML
 * reads back unchanged.
 */
public final class Yaml {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@-]*( [A-Za-z0-9_./@-]+)*");
  private static final Set<String> RESERVED =
      Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n", "~");

  private Yaml() {}

  /**
   * Renders a tree.
   *
   * @param node an object, array or scalar
   * @return the YAML document, ending in a newline
   */
  public static String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    if (node.isContainerNode() && !node.isEmpty()) {
      block(node, 0, out);
    } else {
      out.append(scalar(node)).append('\n');
    }
    return out.toString();
  }

  private static void block(JsonNode node, int indent, StringBuilder out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        pad(out, indent).append(key(e.getKey())).append(':');
        value(e.getValue(), indent, out);
      }
    } else {
      for (JsonNode item : node) {
        pad(out, indent).append('-');
        if (item.isObject() && !item.isEmpty()) {
          // the first field shares the dash's line
          StringBuilder nested = new StringBuilder();
          block(item, indent + 2, nested);
          out.append(' ').append(nested, indent + 2, nested.length());
        } else if (item.isArray() && !item.isEmpty()) {
          out.append('\n');
          block(item, indent + 2, out);
        } else {
          out.append(' ').append(scalar(item)).append('\n');
        }
      }
    }
  }

  private static void value(JsonNode value, int indent, StringBuilder out) {
    if (value.isContainerNode() && !value.isEmpty()) {
      out.append('\n');
      block(value, value.isArray() ? indent : indent + 2, out);
    } else {
      out.append(' ').append(scalar(value)).append('\n');
    }
  }

  private static StringBuilder pad(StringBuilder out, int indent) {
    for (int i = 0; i < indent; i++) {
      out.append(' ');
    }
    return out;
  }

  private static String key(String key) {
    return plain(key) ? key : quote(key);
  }

  private static String scalar(JsonNode node) {
    if (node.isObject()) {
      return "{}";
    }
    if (node.isArray()) {
      return "[]";
    }
    if (node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isTextual()) {
      return plain(node.asText()) ? node.asText() : quote(node.asText());
    }
    return node.asText();
  }

  private static boolean plain(String s) {
    return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT));
  }

  private static String quote(String s) {
    return new TextNode(s).toString();
  }
}
