package io.meshsdk.access;

import java.util.Set;
import org.immutables.value.Value;

/**
 * What one principal may do under {@link AccessPolicy#grants(java.util.Map)}: which meshes, which
 * namespaces in them, and whether it may change the cluster registry.
 *
 * <pre>{@code
 * AccessGrant shop = AccessGrant.builder().addMesh("prod").addNamespace("shop").build();
 * }</pre>
 *
 * @since 0.2.0
 */
@Value.Immutable
public abstract class AccessGrant {

  /** In {@link #meshes()}: every mesh. */
  public static final String ANY_MESH = "*";

  AccessGrant() {}

  /**
   * Starts a grant.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The meshes the principal may act on.
   *
   * @return mesh names, or {@link #ANY_MESH}
   */
  public abstract Set<String> meshes();

  /**
   * The namespaces the principal may act in, in every mesh it may act on. Operations that span a
   * whole mesh (join, leave, credential rotation, reconciling or reading every namespace, creating
   * and deleting the mesh) need an unrestricted grant.
   *
   * @return namespace names; empty for every namespace
   */
  public abstract Set<String> namespaces();

  /**
   * Whether the principal may register and remove clusters.
   *
   * @return {@code false} unless set
   */
  @Value.Default
  public boolean manageClusters() {
    return false;
  }

  /**
   * Whether this grant permits a request.
   *
   * @param request the operation
   * @return {@code true} when allowed
   */
  public final boolean permits(AccessRequest request) {
    if (request.mesh().isEmpty()) {
      return manageClusters();
    }
    if (!meshes().contains(ANY_MESH) && !meshes().contains(request.mesh().get())) {
      return false;
    }
    if (namespaces().isEmpty()) {
      return true;
    }
    return request.namespace().map(namespaces()::contains).orElse(false);
  }

  /** Builds an {@link AccessGrant}. */
  public static final class Builder extends ImmutableAccessGrant.Builder {
    Builder() {}
  }
}
