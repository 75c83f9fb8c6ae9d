package io.meshsdk.istio.kubernetes;

/**
 * How the Kubernetes connector writes an object.
 *
 * @since 0.1.0
 */
public enum WriteStrategy {
  /**
   * Server-side apply as field manager {@code mesh-sdk}: the API server merges, tracks which
   * manager owns which field, and reports a conflict when another manager owns a field the SDK
   * sets. The default. When an API server answers an apply with 415 or 404 and the update
   * strategy then succeeds, the connector keeps using {@link #UPDATE} for that cluster.
   */
  SERVER_SIDE_APPLY,
  /**
   * Read, compare, then create or replace with the read resource version. For API servers or
   * proxies without server-side apply (before Kubernetes 1.18, some API gateways and mock
   * servers). Labels and annotations of others are kept; the rest of the object is replaced.
   */
  UPDATE
}
