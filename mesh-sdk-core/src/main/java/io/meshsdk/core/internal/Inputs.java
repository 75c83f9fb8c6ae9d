package io.meshsdk.core.internal;

import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of the plain arguments the engine takes, each failure naming its field; all reported at once. */
final class Inputs {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final List<Violation> violations = new ArrayList<>();

  Inputs notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      violations.add(Violation.of(field, "must not be blank"));
    }
    return this;
  }

  Inputs namespace(String field, String value) {
    if (value == null || !DNS_LABEL.matcher(value).matches()) {
      violations.add(Violation.of(field, "must be a namespace name (a DNS-1123 label), but was "
          + (value == null ? "null" : "\"" + value.replaceAll("\\p{Cntrl}", "?") + "\"")));
    }
    return this;
  }

  Inputs add(String field, String message) {
    violations.add(Violation.of(field, message));
    return this;
  }

  void throwIfAny(String subject) {
    if (!violations.isEmpty()) {
      throw new ValidationException(subject, violations);
    }
  }
}
