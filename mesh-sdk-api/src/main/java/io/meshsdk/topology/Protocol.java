package io.meshsdk.topology;

/**
 * The protocol of the traffic an edge stands for. Two nodes that talk HTTP and TCP have one edge
 * per protocol.
 *
 * @since 0.1.0
 */
public enum Protocol {
  /** HTTP/1.1 or HTTP/2 requests. */
  HTTP,
  /** gRPC calls, with their gRPC status. */
  GRPC,
  /** Raw TCP connections, measured in bytes. */
  TCP
}
