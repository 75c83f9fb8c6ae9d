package io.meshsdk.resource;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Comparator;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Identifies a Kubernetes object on a cluster: API version, kind, namespace (absent for
 * cluster-scoped kinds) and name.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableResourceRef.class)
@JsonDeserialize(as = ImmutableResourceRef.class)
public abstract class ResourceRef implements Comparable<ResourceRef> {

  private static final Comparator<ResourceRef> ORDER =
      Comparator.comparing(ResourceRef::kind)
          .thenComparing(r -> r.namespace().orElse(""))
          .thenComparing(ResourceRef::name)
          .thenComparing(ResourceRef::apiVersion);

  ResourceRef() {}

  /**
   * Refers to a namespaced object.
   *
   * @param apiVersion for example {@code networking.istio.io/v1}
   * @param kind for example {@code VirtualService}
   * @param namespace the namespace
   * @param name the name
   * @return the reference
   */
  public static ResourceRef of(String apiVersion, String kind, String namespace, String name) {
    return ImmutableResourceRef.builder()
        .apiVersion(apiVersion)
        .kind(kind)
        .namespace(Optional.ofNullable(namespace))
        .name(name)
        .build();
  }

  /**
   * The API version, {@code group/version} or {@code v1} for the core group.
   *
   * @return the API version
   */
  public abstract String apiVersion();

  /**
   * The kind.
   *
   * @return the kind
   */
  public abstract String kind();

  /**
   * The namespace; absent for cluster-scoped kinds.
   *
   * @return the namespace
   */
  public abstract Optional<String> namespace();

  /**
   * The name.
   *
   * @return the name
   */
  public abstract String name();

  @Override
  public int compareTo(ResourceRef other) {
    return ORDER.compare(this, other);
  }

  /** Returns for example {@code VirtualService bookinfo/reviews}. */
  @Override
  public String toString() {
    return kind() + " " + namespace().map(ns -> ns + "/").orElse("") + name();
  }
}
