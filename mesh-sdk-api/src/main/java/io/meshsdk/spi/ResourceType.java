package io.meshsdk.spi;

import org.immutables.value.Value;

/**
 * A kind of Kubernetes object, with what a connector needs to address it over the API.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class ResourceType {

  ResourceType() {}

  /**
   * A namespaced kind.
   *
   * @param apiVersion for example {@code networking.istio.io/v1}
   * @param kind for example {@code VirtualService}
   * @param plural the resource name in URLs, for example {@code virtualservices}
   * @return the type
   */
  public static ResourceType namespaced(String apiVersion, String kind, String plural) {
    return ImmutableResourceType.builder()
        .apiVersion(apiVersion)
        .kind(kind)
        .plural(plural)
        .namespaced(true)
        .build();
  }

  /**
   * A cluster-scoped kind, such as {@code Namespace}.
   *
   * @param apiVersion for example {@code v1}
   * @param kind for example {@code Namespace}
   * @param plural the resource name in URLs, for example {@code namespaces}
   * @return the type
   */
  public static ResourceType clusterScoped(String apiVersion, String kind, String plural) {
    return ImmutableResourceType.builder()
        .apiVersion(apiVersion)
        .kind(kind)
        .plural(plural)
        .namespaced(false)
        .build();
  }

  /**
   * The API version.
   *
   * @return {@code group/version}, or {@code v1} for the core group
   */
  public abstract String apiVersion();

  /**
   * The kind.
   *
   * @return the kind
   */
  public abstract String kind();

  /**
   * The plural resource name.
   *
   * @return the plural
   */
  public abstract String plural();

  /**
   * Whether objects of this kind live in namespaces.
   *
   * @return {@code true} for namespaced kinds
   */
  public abstract boolean namespaced();

  /**
   * The API group.
   *
   * @return the group; empty for the core group
   */
  public final String group() {
    int slash = apiVersion().indexOf('/');
    return slash < 0 ? "" : apiVersion().substring(0, slash);
  }

  @Override
  public String toString() {
    return kind() + "." + apiVersion();
  }
}
