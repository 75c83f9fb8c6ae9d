package io.meshsdk.testing.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.spi.Analyzer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** How the istioctl comparisons judge the two sets of findings of one fixture. */
final class IstioctlComparison {

  /**
   * Findings istioctl gives or not depending on the order it reads objects in. Removed from both
   * sides, keyed {@code fixture|CODE Kind namespace/name}.
   */
  static final Map<String, String> ORDER_DEPENDENT = Map.of(
      "envoyfilter/problems.yaml|IST0151 EnvoyFilter shop/lua-before",
      "istioctl reports IST0155 instead only when it reads the EnvoyFilter pinned to a proxy version first",
      "envoyfilter/problems.yaml|IST0155 EnvoyFilter shop/lua-before",
      "istioctl reports IST0155 only when it reads the EnvoyFilter pinned to a proxy version first");

  private IstioctlComparison() {}

  /** The backend's analyzers of Istio's codes, the ones istioctl has too; the SDK's own (MSH) are left out. */
  static List<Analyzer> istioCodeAnalyzers() {
    return new IstioBackendProvider().create().analyzers().stream()
        .filter(a -> a.codes().stream().allMatch(c -> c.startsWith("IST")))
        .collect(Collectors.toList());
  }

  /**
   * Asserts that the SDK and istioctl found the same of one fixture, apart from the differences
   * listed by design (each of which must still be a difference) and those that depend on order.
   *
   * @param fixture the fixture's path below the fixtures' root, {@code /}-separated
   * @param istio istioctl's findings, as {@code CODE Kind namespace/name}; changed
   * @param sdk the SDK's findings, likewise; changed
   * @param byDesign the differences kept by design, keyed {@code fixture|finding}, with the reason
   */
  static void assertSameFindings(String fixture, Set<String> istio, Set<String> sdk, Map<String, String> byDesign) {
    for (Map.Entry<String, String> e : byDesign.entrySet()) {
      if (e.getKey().startsWith(fixture + "|")) {
        String finding = e.getKey().substring(fixture.length() + 1);
        assertThat(istio.contains(finding) != sdk.contains(finding))
            .as("the difference listed by design still exists: %s (%s); istioctl %s, SDK %s", finding,
                e.getValue(), istio, sdk)
            .isTrue();
        istio.remove(finding);
        sdk.remove(finding);
      }
    }
    for (String key : ORDER_DEPENDENT.keySet()) {
      if (key.startsWith(fixture + "|")) {
        istio.remove(key.substring(fixture.length() + 1));
        sdk.remove(key.substring(fixture.length() + 1));
      }
    }
    assertThat(sdk).as("SDK findings (istioctl: %s)", istio).isEqualTo(istio);
  }
}
