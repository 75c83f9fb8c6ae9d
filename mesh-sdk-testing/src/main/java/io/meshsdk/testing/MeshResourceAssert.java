package io.meshsdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshsdk.resource.MeshResource;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one Kubernetes or Istio object, read the way Istio reads it: a VirtualService
 * routes a match to a subset with a weight, an AuthorizationPolicy allows a principal to a path.
 *
 * <pre>{@code
 * MeshAssertions.assertThat(virtualService)
 *     .isOwnedByMesh("prod")
 *     .routesHeader("end-user", "jason", "v2")
 *     .routesToSubset("v1", 90);
 * MeshAssertions.assertThat(authorizationPolicy).allows("cluster.local/ns/bookinfo/sa/productpage", "/reviews");
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MeshResourceAssert extends AbstractAssert<MeshResourceAssert, MeshResource> {

  MeshResourceAssert(MeshResource actual) {
    super(actual, MeshResourceAssert.class);
  }

  /**
   * Checks that the object carries the SDK's ownership labels for a mesh.
   *
   * @param mesh the mesh's name
   * @return this
   */
  public MeshResourceAssert isOwnedByMesh(String mesh) {
    isNotNull();
    if (!"mesh-sdk".equals(actual.labels().get("app.kubernetes.io/managed-by"))
        || !mesh.equals(actual.labels().get("mesh.meshsdk.io/mesh"))) {
      failWithMessage("Expected %s to be owned by mesh-sdk for mesh %s, but its labels are %s", actual.ref(), mesh, actual.labels());
    }
    return this;
  }

  /**
   * Checks a label.
   *
   * @param key the label key
   * @param value the expected value
   * @return this
   */
  public MeshResourceAssert hasLabel(String key, String value) {
    isNotNull();
    if (!value.equals(actual.labels().get(key))) {
      failWithMessage("Expected %s to have label %s=%s, but its labels are %s", actual.ref(), key, value, actual.labels());
    }
    return this;
  }

  /**
   * Checks that a VirtualService has an HTTP route, taken by every request it reaches, that sends
   * a weight to a subset.
   *
   * @param subset the subset
   * @param weight the weight in percent; 100 for a route's only destination
   * @return this
   */
  public MeshResourceAssert routesToSubset(String subset, int weight) {
    requireKind("VirtualService");
    for (JsonNode route : spec().path("http")) {
      if (route.path("match").isEmpty() && sendsTo(route, subset, weight)) {
        return this;
      }
    }
    failWithMessage("Expected %s to route unmatched requests to subset %s with weight %s, but its routes are:%n%s",
        actual.ref(), subset, weight, describeRoutes());
    return this;
  }

  /**
   * Checks that a VirtualService sends requests whose header equals a value to a subset.
   *
   * @param header the header's name
   * @param value the exact value
   * @param subset the subset that receives them
   * @return this
   */
  public MeshResourceAssert routesHeader(String header, String value, String subset) {
    requireKind("VirtualService");
    for (JsonNode route : spec().path("http")) {
      for (JsonNode match : route.path("match")) {
        if (value.equals(match.path("headers").path(header).path("exact").asText(null)) && sendsTo(route, subset, 100)) {
          return this;
        }
      }
    }
    failWithMessage("Expected %s to route requests with %s: %s to subset %s, but its routes are:%n%s",
        actual.ref(), header, value, subset, describeRoutes());
    return this;
  }

  /**
   * Checks that an ALLOW AuthorizationPolicy lets a principal reach a path (a rule whose sources
   * name the principal, or any principal, and whose operations name the path, or any path).
   *
   * @param principal for example {@code cluster.local/ns/bookinfo/sa/productpage}
   * @param path for example {@code /reviews}
   * @return this
   */
  public MeshResourceAssert allows(String principal, String path) {
    requireKind("AuthorizationPolicy");
    String action = spec().path("action").asText("ALLOW");
    if ("ALLOW".equals(action)) {
      for (JsonNode rule : spec().path("rules")) {
        if (matchesSource(rule, principal) && matchesPath(rule, path)) {
          return this;
        }
      }
    }
    failWithMessage("Expected %s to allow %s to reach %s, but its action is %s and its rules are:%n  %s",
        actual.ref(), principal, path, action, spec().path("rules"));
    return this;
  }

  private static boolean matchesSource(JsonNode rule, String principal) {
    if (rule.path("from").isEmpty()) {
      return true;
    }
    for (JsonNode from : rule.path("from")) {
      JsonNode principals = from.path("source").path("principals");
      if (principals.isEmpty() || contains(principals, principal) || contains(principals, "*")) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesPath(JsonNode rule, String path) {
    if (rule.path("to").isEmpty()) {
      return true;
    }
    for (JsonNode to : rule.path("to")) {
      JsonNode paths = to.path("operation").path("paths");
      if (paths.isEmpty() || contains(paths, path)) {
        return true;
      }
      for (JsonNode pattern : paths) {
        String p = pattern.asText();
        if (p.endsWith("*") && path.startsWith(p.substring(0, p.length() - 1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }

  private static boolean sendsTo(JsonNode route, String subset, int weight) {
    JsonNode destinations = route.path("route");
    for (JsonNode destination : destinations) {
      int actualWeight = destination.has("weight") ? destination.path("weight").asInt() : (destinations.size() == 1 ? 100 : 0);
      if (subset.equals(destination.path("destination").path("subset").asText(null)) && actualWeight == weight) {
        return true;
      }
    }
    return false;
  }

  private JsonNode spec() {
    return actual.field("spec").orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
  }

  private void requireKind(String kind) {
    isNotNull();
    if (!kind.equals(actual.kind())) {
      failWithMessage("Expected an object of kind %s, but %s has kind %s", kind, actual.ref(), actual.kind());
    }
  }

  private String describeRoutes() {
    List<String> lines = new ArrayList<>();
    int i = 0;
    for (JsonNode route : spec().path("http")) {
      lines.add("  [" + i++ + "] match " + route.path("match") + " -> " + route.path("route"));
    }
    return lines.isEmpty() ? "  (none)" : String.join(System.lineSeparator(), lines);
  }
}
