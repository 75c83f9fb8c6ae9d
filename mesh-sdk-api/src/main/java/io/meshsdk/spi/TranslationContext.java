package io.meshsdk.spi;

import org.immutables.value.Value;

/**
 * What a backend needs to know about the mesh a policy is translated for.
 *
 * @since 0.1.0
 */
@Value.Immutable
public abstract class TranslationContext {

  TranslationContext() {}

  /**
   * Creates a context with the default cluster domain.
   *
   * @param mesh the mesh's name
   * @return the context
   */
  public static TranslationContext of(String mesh) {
    return ImmutableTranslationContext.builder().mesh(mesh).build();
  }

  /**
   * Creates a context for clusters whose service DNS domain is not {@code cluster.local}.
   *
   * @param mesh the mesh's name
   * @param clusterDomain the clusters' DNS domain, for example {@code corp.internal}
   * @return the context
   */
  public static TranslationContext of(String mesh, String clusterDomain) {
    return ImmutableTranslationContext.builder().mesh(mesh).clusterDomain(clusterDomain).build();
  }

  /**
   * The mesh's name.
   *
   * @return the name
   */
  public abstract String mesh();

  /**
   * The DNS domain of the clusters' services, used to qualify short host names.
   *
   * @return {@code cluster.local} unless set
   */
  @Value.Default
  public String clusterDomain() {
    return "cluster.local";
  }
}
