package io.meshsdk.testing;

import io.meshsdk.core.InMemoryCluster;
import io.meshsdk.resource.MeshResource;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what an embedded cluster holds. Objects are named {@code namespace/name}, or just
 * {@code name} for cluster-scoped kinds.
 *
 * @since 0.1.0
 */
public final class ClusterAssert extends AbstractAssert<ClusterAssert, InMemoryCluster> {

  ClusterAssert(InMemoryCluster actual) {
    super(actual, ClusterAssert.class);
  }

  /**
   * Checks that the cluster holds an object.
   *
   * @param kind the kind
   * @param name {@code namespace/name} or {@code name}
   * @return this
   */
  public ClusterAssert hasObject(String kind, String name) {
    isNotNull();
    if (find(kind, name).isEmpty()) {
      failWithMessage("Expected cluster %s to hold %s %s, but it holds:%n%s", actual.name(), kind, name, contents());
    }
    return this;
  }

  /**
   * Checks that the cluster does not hold an object.
   *
   * @param kind the kind
   * @param name {@code namespace/name} or {@code name}
   * @return this
   */
  public ClusterAssert doesNotHaveObject(String kind, String name) {
    isNotNull();
    if (find(kind, name).isPresent()) {
      failWithMessage("Expected cluster %s not to hold %s %s, but it does", actual.name(), kind, name);
    }
    return this;
  }

  /**
   * Checks that the cluster holds nothing.
   *
   * @return this
   */
  public ClusterAssert isEmpty() {
    isNotNull();
    if (!actual.objects().isEmpty()) {
      failWithMessage("Expected cluster %s to be empty, but it holds:%n%s", actual.name(), contents());
    }
    return this;
  }

  /**
   * Continues with assertions on one object the cluster holds.
   *
   * @param kind the kind
   * @param name {@code namespace/name} or {@code name}
   * @return assertions on the object
   */
  public MeshResourceAssert object(String kind, String name) {
    hasObject(kind, name);
    return new MeshResourceAssert(find(kind, name).orElseThrow());
  }

  private Optional<MeshResource> find(String kind, String name) {
    int slash = name.indexOf('/');
    return slash < 0 ? actual.find(kind, null, name) : actual.find(kind, name.substring(0, slash), name.substring(slash + 1));
  }

  private String contents() {
    return actual.objects().isEmpty() ? "  (nothing)"
        : actual.objects().stream().map(o -> "  " + o.ref()).collect(Collectors.joining(System.lineSeparator()));
  }
}
