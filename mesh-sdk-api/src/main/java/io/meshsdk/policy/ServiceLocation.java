package io.meshsdk.policy;

/**
 * Whether an {@link ExternalService} is part of the mesh.
 *
 * @since 0.1.0
 */
public enum ServiceLocation {
  /** Outside the mesh: no sidecar, no mutual TLS (an external API). */
  MESH_EXTERNAL,
  /** Inside the mesh: workloads with sidecars, such as VMs or another registry's instances. */
  MESH_INTERNAL
}
