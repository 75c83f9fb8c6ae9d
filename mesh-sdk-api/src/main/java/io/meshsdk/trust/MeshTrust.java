package io.meshsdk.trust;

import io.meshsdk.plan.Plan;
import java.util.List;
import java.util.Optional;

/**
 * The mesh's root of trust: one root CA for the whole mesh, kept in the store's secret storage
 * and referred to from the mesh's record, and per cluster an intermediate CA that the root signs,
 * written where Istio reads it (the {@code cacerts} Secret in {@code istio-system}: {@code
 * ca-cert.pem}, {@code ca-key.pem}, {@code root-cert.pem}, {@code cert-chain.pem}). Workloads of
 * every cluster then trust each other's certificates, which cross-cluster mTLS needs.
 *
 * <pre>{@code
 * prod.trust().createRoot();
 * prod.trust().plan().apply();          // an intermediate CA on every cluster of the mesh
 * prod.trust().status();                // [bj-1 VERIFIED, sh-1 VERIFIED, ...]
 * prod.trust().planRotation("bj-1").apply();
 * }</pre>
 *
 * <p>Private keys never appear in logs, exception messages, {@code toString()}, events, plan
 * renderings or JSON: plans that carry them show their data redacted, refuse to be serialised,
 * and cannot be applied to a connection that only writes manifests (a GitOps directory). Istio
 * reads {@code cacerts} when istiod starts: restart istiod after applying.
 *
 * @since 0.2.0
 */
public interface MeshTrust {

  /**
   * Creates the mesh's root CA and keeps it in the store's secret storage, the mesh's record
   * referring to it.
   *
   * @return the root's public description
   * @throws io.meshsdk.MeshConflictException if the mesh already has a root
   * @throws io.meshsdk.UnsupportedCapabilityException if the store keeps no secrets, or the
   *     backend issues no CAs
   */
  TrustRoot createRoot();

  /**
   * The mesh's root, if it has one.
   *
   * @return the root's public description
   */
  Optional<TrustRoot> root();

  /**
   * Plans an intermediate CA for every cluster of the mesh whose CA is not {@link
   * TrustState#VERIFIED} against the root: created where there is none, replaced where it
   * chains elsewhere or is invalid, unchanged where it verifies.
   *
   * @return the plan
   * @throws io.meshsdk.MeshNotFoundException if the mesh has no root yet
   * @throws io.meshsdk.UnsupportedCapabilityException if a cluster's connection only writes
   *     manifests: key material is never written into a GitOps directory
   */
  Plan plan();

  /**
   * Plans replacing one cluster's intermediate CA with a new one signed by the same root. The
   * root stays in {@code root-cert.pem} throughout, so certificates the old intermediate issued
   * keep verifying until they expire while new ones come from the new intermediate.
   *
   * @param cluster a cluster of the mesh
   * @return the plan
   * @throws io.meshsdk.MeshNotFoundException if the mesh has no root yet
   */
  Plan planRotation(String cluster);

  /**
   * Checks every cluster's CA against the mesh's root and, where the backend can tell, whether
   * the cluster's control plane signs with it: an istiod that started before its CA was written
   * and does not reload it is {@link TrustState#NOT_LOADED} until it is restarted.
   *
   * @return one status per cluster of the mesh, in the mesh's cluster order
   * @throws io.meshsdk.MeshNotFoundException if the mesh has no root yet
   */
  List<TrustStatus> status();
}
