package io.meshsdk.policy;

/**
 * How the proxies find the addresses of an {@link ExternalService}.
 *
 * @since 0.1.0
 */
public enum ServiceResolution {
  /** The connection's original destination address is used as is. */
  NONE,
  /** The endpoints' addresses are fixed IPs. */
  STATIC,
  /** Host names are resolved by DNS, every address kept; for many hosts, or hosts with several IPs. */
  DNS,
  /** Host names are resolved by DNS, connecting to the first address; for large public services. */
  DNS_ROUND_ROBIN
}
