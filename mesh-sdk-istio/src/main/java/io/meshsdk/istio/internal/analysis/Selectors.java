package io.meshsdk.istio.internal.analysis;

import java.util.Map;

/** Label selection as Kubernetes and Istio's workload selectors do it. */
final class Selectors {
  private Selectors() {}

  /** Whether labels carry every key and value of a selector; an empty selector selects everything. */
  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code app=reviews,version=v1}, as Istio prints selectors. */
  static String print(Map<String, String> selector) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(selector).entrySet()) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(e.getKey()).append('=').append(e.getValue());
    }
    return out.toString();
  }
}
