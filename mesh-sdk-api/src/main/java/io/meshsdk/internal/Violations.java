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

  private final List<Violation> found = new ArrayList<>();

  /**
   * Records a violation.
   *
   * @param field the field path
   * @param message what is wrong
   * @return this
   */
  public Violations add(String field, String message) {
    found.add(Violation.of(field, message));
    return this;
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
      throw new ValidationException(subject, found);
    }
  }

  /**
   * Throws a {@link PolicyValidationException} when anything was found.
   *
   * @param policy the policy validated
   */
  public void throwIfAnyForPolicy(String policy) {
    if (!found.isEmpty()) {
      throw new PolicyValidationException(policy, found);
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
              + " but was \""
              + value
              + "\"");
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
          "must be a DNS-1123 subdomain (lower case letters, digits, '-' and '.'), but was \""
              + value
              + "\"");
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
          String name = key.contains("/") ? key.substring(key.lastIndexOf('/') + 1) : key;
          String prefix = key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : null;
          if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            add(field + "." + key, "is not a valid label key");
          } else if (prefix != null && (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            add(field + "." + key, "has a label key prefix that is not a DNS-1123 subdomain");
          }
          if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            add(
                field + "." + key,
                "must be a valid label value (at most 63 characters of letters, digits, '-', '_'"
                    + " and '.', starting and ending with a letter or digit), but was \""
                    + value
                    + "\"");
          }
        });
    return this;
  }

  /**
   * Checks that a duration is at least one millisecond, as Istio requires.
   *
   * @param field the field path
   * @param value the duration
   * @return this
   */
  public Violations duration(String field, Duration value) {
    if (value.isNegative() || value.compareTo(Duration.ofMillis(1)) < 0) {
      add(field, "must be at least 1ms, but was " + value);
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
