package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.plan.ChangeAction;
import io.meshsdk.plan.Plan;
import io.meshsdk.plan.ResourceChange;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.MembershipWiring;
import io.meshsdk.spi.SecretData;
import io.meshsdk.spi.TrustAuthority;
import io.meshsdk.spi.Versioned;
import io.meshsdk.trust.MeshTrust;
import io.meshsdk.trust.TrustRoot;
import io.meshsdk.trust.TrustState;
import io.meshsdk.trust.TrustStatus;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's root of trust. The root's certificate and key live in the store's secret storage,
 * the mesh's record holding only where; the intermediate CAs live on the clusters, in the objects
 * the backend names, labelled as the mesh's ({@code mesh.meshsdk.io/component: trust}). Nothing
 * here logs or puts into a message anything read from a secret.
 */
final class DefaultMeshTrust implements MeshTrust {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMeshTrust.class);
  static final String COMPONENT = "trust";
  private static final int UPDATE_ATTEMPTS = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Engine engine;
  private final String mesh;

  DefaultMeshTrust(Engine engine, String mesh) {
    this.engine = engine;
    this.mesh = mesh;
  }

  /**
   * A location of its own for each root created: of two replicas creating a root at once, the
   * one whose record update loses removes only what it wrote.
   */
  static String location(String mesh) {
    return "meshes/" + mesh + "/root-ca-" + HexFormat.of().formatHex(
        ByteBuffer.allocate(Integer.BYTES).putInt(RANDOM.nextInt()).array());
  }

  @Override
  public TrustRoot createRoot() {
    engine.hooks.check(engine.principal, MeshOperation.APPLY, Optional.of(mesh), Optional.empty());
    return engine.hooks.audited(engine.principal, MeshOperation.APPLY, Optional.of(mesh), "root of trust",
        this::createChecked);
  }

  private TrustRoot createChecked() {
    TrustAuthority authority = authority();
    String location = location(mesh);
    requireNoRoot(managed());
    SecretData root = authority.createRoot(mesh, engine.settings.clock());
    engine.store.putSecret(location, root);
    try {
      for (int attempt = 1; ; attempt++) {
        Versioned<MeshSpec> current = engine.mesh(mesh);
        requireNoRoot(current.value());
        try {
          engine.store.updateMesh(MeshSpec.hosted(mesh).from(current.value()).trustRoot(location).build(),
              current.version());
          break;
        } catch (MeshConflictException e) {
          if (e.code() != ErrorCode.CONFLICT || attempt >= UPDATE_ATTEMPTS) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      // the record does not refer to it, so nothing else will
      engine.store.deleteSecret(location);
      throw e;
    }
    LOG.debug("created the root of trust of mesh {}", mesh);
    return authority.describe(root, location);
  }

  private void requireNoRoot(MeshSpec spec) {
    if (spec.trustRoot().isPresent()) {
      throw new MeshConflictException(ErrorCode.ALREADY_EXISTS, "mesh " + mesh + " already has a root of trust");
    }
  }

  @Override
  public Optional<TrustRoot> root() {
    Optional<String> reference = engine.mesh(mesh).value().trustRoot();
    if (reference.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(authority().describe(rootData(reference.get()), reference.get()));
  }

  @Override
  public Plan plan() {
    TrustAuthority authority = authority();
    MeshSpec spec = managed();
    SecretData root = rootData(spec);
    List<ResourceChange> changes = new ArrayList<>();
    for (String cluster : spec.clusters()) {
      ClusterConnection connection = writable(cluster);
      Optional<MeshResource> live = current(authority, connection);
      TrustStatus status = authority.verify(root, cluster, live, engine.settings.clock());
      if (status.state() == TrustState.VERIFIED && live.isPresent()) {
        changes.add(ResourceChange.builder().cluster(cluster).ref(live.get().ref()).action(ChangeAction.UNCHANGED)
            .live(live.get()).build());
      } else {
        changes.add(issue(authority, root, cluster, live));
      }
    }
    return new DefaultPlan(engine, mesh, changes);
  }

  @Override
  public Plan planRotation(String cluster) {
    TrustAuthority authority = authority();
    MeshSpec spec = managed();
    if (!spec.clusters().contains(cluster)) {
      throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "cluster " + cluster + " is not a cluster of mesh " + mesh
          + "; its clusters are " + spec.clusters());
    }
    SecretData root = rootData(spec);
    ClusterConnection connection = writable(cluster);
    return new DefaultPlan(engine, mesh, List.of(issue(authority, root, cluster, current(authority, connection))));
  }

  /** A new intermediate for a cluster, replacing only a CA object the mesh owns. */
  private ResourceChange issue(TrustAuthority authority, SecretData root, String cluster, Optional<MeshResource> live) {
    if (live.isPresent() && !(Ownership.ownedBy(live.get(), mesh) && Ownership.meshOwned(live.get()))) {
      throw new MeshConflictException("cluster " + cluster + " already has " + live.get().ref() + ", which mesh-sdk"
          + " did not write for mesh " + mesh + "; its CA was plugged in by someone else. Remove it to let the mesh"
          + " issue one, or keep it and leave the cluster out of the mesh's root of trust");
    }
    MeshResource desired = Ownership.stampMesh(authority.issueIntermediate(root, mesh, cluster, engine.settings.clock()),
        mesh).withLabel(MembershipWiring.COMPONENT_LABEL, COMPONENT);
    return LifecycleDiff.change(cluster, desired, live.orElse(null), true);
  }

  @Override
  public List<TrustStatus> status() {
    TrustAuthority authority = authority();
    MeshSpec spec = engine.mesh(mesh).value();
    SecretData root = rootData(spec);
    List<TrustStatus> out = new ArrayList<>();
    for (String cluster : spec.clusters()) {
      ClusterConnection connection = engine.connection(cluster);
      Optional<MeshResource> live = current(authority, connection);
      TrustStatus status = authority.verify(root, cluster, live, engine.settings.clock());
      if (status.verified() && live.isPresent()) {
        Optional<String> notLoaded = authority.notLoaded(connection, live.get());
        if (notLoaded.isPresent()) {
          status = TrustStatus.builder().from(status).state(TrustState.NOT_LOADED).detail(notLoaded.get()).build();
        }
      }
      out.add(status);
    }
    return out;
  }

  private static Optional<MeshResource> current(TrustAuthority authority, ClusterConnection connection) {
    return connection.get(authority.caType(), authority.caNamespace(), authority.caName());
  }

  /** Key material goes only to API servers: a connection that writes manifests to files is refused. */
  private ClusterConnection writable(String cluster) {
    ClusterConnection connection = engine.connection(cluster);
    if (!connection.live()) {
      throw new UnsupportedCapabilityException("cluster " + cluster + " is reached through a connection that writes"
          + " manifests (a GitOps directory); a CA's private key is never written there. Distribute the mesh's"
          + " root of trust through a connector that reaches the cluster's API server, or plug in its CA through"
          + " your secret manager");
    }
    return connection;
  }

  private SecretData rootData(MeshSpec spec) {
    String reference = spec.trustRoot().orElseThrow(() -> new MeshNotFoundException("mesh " + mesh
        + " has no root of trust yet; create one with trust().createRoot()"));
    return rootData(reference);
  }

  private SecretData rootData(String reference) {
    return engine.store.secret(reference).orElseThrow(() -> new MeshNotFoundException("mesh " + mesh
        + " refers to a root of trust at " + reference + ", but the store keeps nothing there"));
  }

  /** The mesh, unless it is EXTERNAL: the CAs of an adopted install are its installer's. */
  private MeshSpec managed() {
    MeshSpec spec = engine.mesh(mesh).value();
    if (spec.mode() == MeshMode.EXTERNAL) {
      throw new UnsupportedCapabilityException("mesh " + mesh + " is EXTERNAL: its CAs belong to the Istio install"
          + " it adopted, and the SDK issues none for it");
    }
    return spec;
  }

  private TrustAuthority authority() {
    return engine.backend.trust().orElseThrow(() -> new UnsupportedCapabilityException(
        "the " + engine.backend.id() + " backend issues no CAs, so it keeps no root of trust"));
  }

}
