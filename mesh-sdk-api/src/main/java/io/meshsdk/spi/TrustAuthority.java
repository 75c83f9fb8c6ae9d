package io.meshsdk.spi;

import io.meshsdk.resource.MeshResource;
import io.meshsdk.trust.TrustRoot;
import io.meshsdk.trust.TrustStatus;
import java.time.Clock;
import java.util.Optional;

/**
 * Issues a mesh's root CA and the intermediate CAs of its clusters, in the form the mesh
 * implementation reads them, and verifies what a cluster holds. Thread-safe. Offered by a backend
 * through {@link MeshBackend#trust()}. Implementations never log, or put into a message, any
 * private key.
 *
 * @since 0.2.0
 */
public interface TrustAuthority {

  /**
   * Creates a root CA.
   *
   * @param mesh the mesh's name, for the certificate's subject
   * @param clock the time the certificate is valid from
   * @return the root's certificate and private key, to be kept in the store's secret storage
   */
  SecretData createRoot(String mesh, Clock clock);

  /**
   * Describes a root without its key.
   *
   * @param root what {@link #createRoot} returned
   * @param reference where the store keeps it
   * @return the description
   */
  TrustRoot describe(SecretData root, String reference);

  /**
   * The type of the object a cluster's CA is kept in.
   *
   * @return the type
   */
  ResourceType caType();

  /**
   * The namespace of the object a cluster's CA is kept in.
   *
   * @return the namespace
   */
  String caNamespace();

  /**
   * The name of the object a cluster's CA is kept in.
   *
   * @return the name
   */
  String caName();

  /**
   * Issues a new intermediate CA for a cluster, signed by the root, as the object the cluster's
   * control plane reads it from.
   *
   * @param root the mesh's root
   * @param mesh the mesh's name
   * @param cluster the cluster's name
   * @param clock the time the certificate is valid from
   * @return the object, holding the intermediate's key
   */
  MeshResource issueIntermediate(SecretData root, String mesh, String cluster, Clock clock);

  /**
   * Checks the CA a cluster holds against the mesh's root.
   *
   * @param root the mesh's root
   * @param cluster the cluster's name
   * @param ca the object read from the cluster; empty when it has none
   * @param clock the time to check validity at
   * @return the status
   */
  TrustStatus verify(SecretData root, String cluster, Optional<MeshResource> ca, Clock clock);

  /**
   * Why a cluster's control plane does not sign with the CA the cluster holds, where the backend
   * can tell: for Istio, an istiod that started before the CA was written and does not reload it,
   * so that it still signs with the CA it read when it started. Asked only of a CA that {@link
   * #verify verified}. Reads only; a read the cluster refuses means the backend cannot tell.
   *
   * <p>The default cannot tell, and returns empty.
   *
   * @param connection the cluster
   * @param ca the CA object read from the cluster
   * @return what does not use the CA, and how to make it; empty when all of the control plane
   *     uses it or nobody can tell
   * @since 0.2.0
   */
  default Optional<String> notLoaded(ClusterConnection connection, MeshResource ca) {
    return Optional.empty();
  }
}
