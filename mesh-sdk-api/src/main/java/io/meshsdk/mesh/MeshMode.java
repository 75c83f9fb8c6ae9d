package io.meshsdk.mesh;

/**
 * How a mesh's control plane is laid out, which decides where its policies go and what the SDK
 * may do with it.
 *
 * @since 0.1.0
 */
public enum MeshMode {
  /**
   * istiod runs on a dedicated Mesh Control Plane Cluster; members are remote data planes that
   * may join and leave. Policies go to the control-plane cluster only.
   */
  HOSTED,
  /**
   * istiod runs inside the mesh's one member cluster (classic single-cluster Istio). Policies go
   * to that cluster; joining and leaving are not possible.
   */
  DEDICATED,
  /**
   * An Istio installation the SDK did not create, adopted for policies, topology and analysis.
   * Policies go to the primary clusters named in the specification; membership is as found.
   */
  EXTERNAL
}
