package io.meshsdk.internal;

import io.meshsdk.PolicyValidationException;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Collects every violation of a value before failing once, and holds the shared name rules. */
public final class Violations {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /** How many characters of a value a message quotes before cutting it short. */
  public static final int EXCERPT_LENGTH = 64;
  /** The longest field path or message recorded; anything longer is cut short. */
  public static final int MAX_TEXT_LENGTH = 1024;
  /** The Kubernetes limit on the total size of an object's annotations, keys and values, in bytes. */
  public static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;
  /** Go's longest {@code time.Duration}, the longest duration Istio's CRD validation accepts. */
  public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  private final List<Violation> found = new ArrayList<>();

  /**
   * Records a violation. The field path and the message are kept on one line (control characters
   * escaped) and cut short past {@value #MAX_TEXT_LENGTH} characters, so that no input, however
   * large or odd, makes an exception message large or splits a log line.
   *
   * @param field the field path
   * @param message what is wrong
   * @return this
   */
  public Violations add(String field, String message) {
    found.add(Violation.of(bounded(field), bounded(message)));
    return this;
  }

  /**
   * Quotes a value for a message: in double quotes, control characters escaped, and cut to its
   * first {@value #EXCERPT_LENGTH} characters with its length when longer, so a message never
   * grows with its input and never breaks a log line.
   *
   * @param value the value, may be {@code null}
   * @return for example {@code "v 3"} or {@code "aaaa…" (10485760 characters)}
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    return "\"" + escape(value, EXCERPT_LENGTH) + "\""
        + (value.length() > EXCERPT_LENGTH ? " (" + value.length() + " characters)" : "");
  }

  /**
   * Cuts a value to a bounded excerpt without quotes: the first {@value #EXCERPT_LENGTH}
   * characters, control characters escaped, and an ellipsis when it was longer.
   *
   * @param value the value
   * @return the excerpt
   */
  public static String excerpt(String value) {
    return escape(value, EXCERPT_LENGTH);
  }

  /** A field path or message on one line and of bounded length, whatever input it embeds. */
  private static String bounded(String text) {
    if (text.length() <= MAX_TEXT_LENGTH && text.chars().noneMatch(Character::isISOControl)) {
      return text;
    }
    return escape(text, MAX_TEXT_LENGTH)
        + (text.length() > MAX_TEXT_LENGTH ? " (" + text.length() + " characters)" : "");
  }

  private static String escape(String value, int limit) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), limit) + 8);
    int end = Math.min(value.length(), limit);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\r':
          out.append("\\r");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    if (end < value.length()) {
      out.append('…');
    }
    return out.toString();
  }

  /**
   * Whether nothing was found so far.
   *
   * @return {@code true} when valid
   */
  public boolean isEmpty() {
    return found.isEmpty();
  }

  /**
   * The violations found so far.
   *
   * @return a copy
   */
  public List<Violation> list() {
    return List.copyOf(found);
  }

  /**
   * Throws a {@link ValidationException} when anything was found.
   *
   * @param subject what was validated
   */
  public void throwIfAny(String subject) {
    if (!found.isEmpty()) {
      throw new ValidationException(bounded(subject), found);
    }
  }

  /**
   * Throws a {@link PolicyValidationException} when anything was found.
   *
   * @param policy the policy validated
   */
  public void throwIfAnyForPolicy(String policy) {
    if (!found.isEmpty()) {
      throw new PolicyValidationException(bounded(policy), found);
    }
  }

  /**
   * Checks a DNS-1123 label (lower case, digits, '-', at most 63 characters).
   *
   * @param field the field path
   * @param value the value
   * @return this
   */
  public Violations dnsLabel(String field, String value) {
    if (value == null || value.isEmpty()) {
      return add(field, "must not be empty");
    }
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      add(
          field,
          "must be a DNS-1123 label (lower case letters, digits and '-', at most 63 characters),"
              + " but was "
              + quote(value));
    }
    return this;
  }

  /**
   * Checks a DNS-1123 subdomain (dotted labels, at most 253 characters).
   *
   * @param field the field path
   * @param value the value
   * @return this
   */
  public Violations dnsSubdomain(String field, String value) {
    if (value == null || value.isEmpty()) {
      return add(field, "must not be empty");
    }
    if (value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
      add(
          field,
          "must be a DNS-1123 subdomain (lower case letters, digits, '-' and '.', at most 253"
              + " characters), but was "
              + quote(value));
    }
    return this;
  }

  /**
   * Checks Kubernetes label syntax for every key and value of a map.
   *
   * @param field the field path of the map
   * @param labels the labels
   * @return this
   */
  public Violations labels(String field, Map<String, String> labels) {
    labels.forEach(
        (key, value) -> {
          key(field + "." + key, key, "label");
          if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            add(
                field + "." + key,
                "must be a valid label value (at most 63 characters of letters, digits, '-', '_'"
                    + " and '.', starting and ending with a letter or digit), but was "
                    + quote(value));
          }
        });
    return this;
  }

  /**
   * Checks the annotations of an object as the Kubernetes API server does: every key a qualified
   * name ({@code [prefix/]name}, the prefix a DNS-1123 subdomain), and keys and values together at
   * most {@link #MAX_ANNOTATIONS_BYTES} bytes of UTF-8.
   *
   * @param field the field path of the map
   * @param annotations the annotations
   * @return this
   */
  public Violations annotations(String field, Map<String, String> annotations) {
    long total = 0;
    for (Map.Entry<String, String> annotation : annotations.entrySet()) {
      key(field + "." + annotation.getKey(), annotation.getKey(), "annotation");
      total += utf8Length(annotation.getKey()) + utf8Length(annotation.getValue());
    }
    if (total > MAX_ANNOTATIONS_BYTES) {
      add(field, "must total at most " + MAX_ANNOTATIONS_BYTES + " bytes (256 KiB) of keys and values, as the"
          + " Kubernetes API server requires, but total " + total + " bytes");
    }
    return this;
  }

  /**
   * The length of a text in UTF-8, as the Kubernetes API server counts it.
   *
   * @param text the text
   * @return the number of bytes
   */
  public static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Checks a qualified name as label and annotation keys are: {@code [prefix/]name}. */
  private void key(String path, String key, String what) {
    int slash = key.lastIndexOf('/');
    String name = slash >= 0 ? key.substring(slash + 1) : key;
    String prefix = slash >= 0 ? key.substring(0, slash) : null;
    if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
      add(path, "is not a valid " + what + " key: the name after an optional prefix/ must be at most 63"
          + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
    } else if (prefix != null && (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
      add(path, "has " + (what.equals("annotation") ? "an " : "a ") + what
          + " key prefix that is not a DNS-1123 subdomain of at most 253 characters");
    }
  }

  /**
   * Checks that a duration is at least one millisecond, as Istio's CRDs require ({@code
   * duration(self) >= duration('1ms')}), and at most {@link #MAX_DURATION}: Istio's CRD validation
   * reads durations as Go {@code time.Duration}s, whose longest is about 292 years (well inside
   * protobuf's {@code Duration} limit of 315,576,000,000 seconds), and refuses anything longer.
   *
   * @param field the field path
   * @param value the duration
   * @return this
   */
  public Violations duration(String field, Duration value) {
    if (value.isNegative() || value.compareTo(Duration.ofMillis(1)) < 0) {
      add(field, "must be at least 1ms, but was " + value);
    } else if (value.compareTo(MAX_DURATION) > 0) {
      add(field, "must be at most " + MAX_DURATION + " (about 292 years), the longest duration Istio accepts,"
          + " but was " + value);
    } else if (value.getNano() % 1_000_000 != 0) {
      add(field, "must be a whole number of milliseconds, but was " + value);
    }
    return this;
  }

  /**
   * Checks an inclusive integer range.
   *
   * @param field the field path
   * @param value the value
   * @param min the smallest allowed
   * @param max the largest allowed
   * @return this
   */
  public Violations range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      add(field, "must be between " + min + " and " + max + ", but was " + value);
    }
    return this;
  }
}
