package io.meshsdk.policy;

/**
 * The protocol a port speaks, which decides how the mesh's proxies handle it.
 *
 * @since 0.1.0
 */
public enum PortProtocol {
  /** HTTP/1.1 (and HTTP/2 with prior knowledge); routed per request. */
  HTTP,
  /** HTTP over TLS. */
  HTTPS,
  /** HTTP/2. */
  HTTP2,
  /** gRPC. */
  GRPC,
  /** Opaque TCP; routed per connection. */
  TCP,
  /** TLS with SNI; routed per connection by server name. */
  TLS;

  /**
   * Whether requests on this port are routed one by one.
   *
   * @return {@code true} for HTTP, HTTP2 and GRPC (and HTTPS terminated at a gateway)
   */
  public boolean isHttp() {
    return this == HTTP || this == HTTP2 || this == GRPC || this == HTTPS;
  }
}
