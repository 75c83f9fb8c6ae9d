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
