package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.spi.StoreClaim;
import io.meshsdk.spi.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims that keep every cluster in at most one mesh however replicas sharing one store
 * interleave.
 *
 * <ul>
 *   <li>{@code cluster/<name>}, held by {@code mesh/<mesh>} from before the mesh's record names the
 *       cluster until after it no longer does, or by {@code registry} while the cluster is being
 *       removed from the registry. A second claimant is refused with the holder's name, unless the
 *       claim is abandoned: held by a mesh whose record does not name the cluster while nobody
 *       changes that mesh's membership, or held by the registry for longer than {@link #LEASE}.
 *   <li>{@code mesh/<mesh>}, held while the clusters a mesh spans change (create, join, leave,
 *       delete), so that what wiring decides from the mesh's record is decided on a record nobody
 *       else is changing. A second change waits up to {@link #WAIT} for it; a claim older than
 *       {@link #LEASE} is taken to belong to a replica that stopped and is taken over. Held for
 *       {@link #DELETE}, it also tells plans that would create or adopt objects for the mesh that
 *       the mesh is going ({@link #deleting}).
 * </ul>
 *
 * A store that keeps no claims (written for 0.1.0) makes every claim here a no-op: the engine
 * then relies on the records alone, which is consistent for one replica but not for several.
 */
final class Claims {
  private static final Logger LOG = LoggerFactory.getLogger(Claims.class);

  /** How long a claim is honoured before it is taken to belong to a replica that stopped. */
  static final Duration LEASE = Duration.ofMinutes(5);
  /** How long a change of a mesh's membership waits for another one to finish. */
  static final Duration WAIT = Duration.ofMinutes(1);
  /** The holder of a cluster's claim while the registry removes the cluster. */
  static final String REGISTRY = "registry";
  /** The holder of a mesh's claim while the mesh is deleted. */
  static final String DELETE = "delete";

  private static final int TAKE_ATTEMPTS = 5;
  private static final long MAX_PAUSE_MILLIS = 500;
  private static final Set<Class<?>> WARNED = ConcurrentHashMap.newKeySet();

  private final Engine engine;

  Claims(Engine engine) {
    this.engine = engine;
  }

  /** A new attempt's identity, so that an attempt releases only the claims it took. */
  static String newAttempt() {
    return UUID.randomUUID().toString();
  }

  static String meshHolder(String mesh) {
    return "mesh/" + mesh;
  }

  /**
   * Takes the claim on a mesh's membership, waiting for another change to finish.
   *
   * @throws MeshException with {@link ErrorCode#TIMEOUT} if another change holds it for longer
   *     than {@link #WAIT}
   */
  Held lockMesh(String mesh, String operation, String attempt) {
    String key = "mesh/" + mesh;
    long waited = 0;
    long pause = 10;
    while (true) {
      Optional<Held> taken = tryCreate(StoreClaim.of(key, operation, attempt, now()));
      if (taken.isPresent()) {
        return taken.get();
      }
      Optional<Versioned<StoreClaim>> other = engine.store.claim(key);
      if (other.isEmpty()) {
        continue;
      }
      if (expired(other.get().value())) {
        takeOver(other.get(), "it is older than " + LEASE.toMinutes() + " minutes");
        continue;
      }
      if (waited >= WAIT.toMillis()) {
        throw new MeshException(ErrorCode.TIMEOUT, "mesh " + mesh + " is busy: another replica has been changing its"
            + " clusters (" + other.get().value().holder() + ") since " + other.get().value().acquiredAt()
            + "; try again");
      }
      LOG.debug("mesh {} is being changed ({}); waiting {} ms", mesh, other.get().value().holder(), pause);
      pause(pause);
      waited += pause;
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }

  /**
   * Claims a cluster for a mesh, or for the registry when {@code mesh} is null.
   *
   * @throws MeshConflictException naming the mesh that holds it, or saying the registry does
   */
  Held claimCluster(String cluster, String mesh, String attempt) {
    String key = "cluster/" + cluster;
    String holder = mesh == null ? REGISTRY : meshHolder(mesh);
    for (int attempts = 0; attempts < TAKE_ATTEMPTS; attempts++) {
      Optional<Held> taken = tryCreate(StoreClaim.of(key, holder, attempt, now()));
      if (taken.isPresent()) {
        return taken.get();
      }
      Optional<Versioned<StoreClaim>> existing = engine.store.claim(key);
      if (existing.isEmpty()) {
        continue;
      }
      String reason = stillHeld(existing.get().value(), cluster, mesh);
      if (reason != null) {
        throw new MeshConflictException(reason);
      }
      takeOver(existing.get(), "its holder does not hold the cluster");
    }
    throw new MeshConflictException("cluster " + cluster + " was claimed and released by other replicas "
        + TAKE_ATTEMPTS + " times while " + holder + " tried to claim it; try again");
  }

  /**
   * Whether a replica is deleting the mesh: it holds the mesh's claim for {@link #DELETE}, within
   * the lease. False for a store that keeps no claims.
   */
  boolean deleting(String mesh) {
    try {
      return engine.store.claim(meshHolder(mesh))
          .map(c -> c.value().holder().equals(DELETE) && !expired(c.value())).orElse(false);
    } catch (UnsupportedCapabilityException e) {
      return false;
    }
  }

  /** Why a cluster's claim still counts, or null if it is abandoned and may be taken over. */
  private String stillHeld(StoreClaim claim, String cluster, String claimant) {
    String holder = claim.holder();
    if (holder.equals(REGISTRY)) {
      return expired(claim) ? null : "cluster " + cluster + " is being removed from the registry by another replica"
          + " (since " + claim.acquiredAt() + ")";
    }
    if (!holder.startsWith("mesh/")) {
      return "cluster " + cluster + " is claimed by " + holder + ", which this version does not know";
    }
    String owner = holder.substring("mesh/".length());
    if (owner.equals(claimant)) {
      // the claimant holds the mesh's own claim, so this is left over from an attempt that stopped
      return null;
    }
    // the mesh's claim is read before its record: a change that names the cluster ends by
    // writing the record and only then releases the mesh's claim
    boolean changing = engine.store.claim("mesh/" + owner).map(c -> !expired(c.value())).orElse(false);
    boolean member = engine.store.mesh(owner).map(m -> m.value().clusters().contains(cluster)).orElse(false);
    if (member) {
      return claimant == null
          ? "cluster " + cluster + " still belongs to mesh " + owner + "; remove it from the mesh first"
          : "cluster " + cluster + " already belongs to mesh " + owner;
    }
    if (changing) {
      return "cluster " + cluster + " is being added to mesh " + owner + " by another replica (since "
          + claim.acquiredAt() + ")";
    }
    return null;
  }

  /** Releases a cluster's claim if the mesh holds it; a claim that stays is abandoned and taken over later. */
  void releaseCluster(String cluster, String mesh) {
    try {
      engine.store.claim("cluster/" + cluster)
          .filter(c -> c.value().holder().equals(meshHolder(mesh)))
          .ifPresent(c -> engine.store.deleteClaim(c.value().key(), c.version()));
    } catch (UnsupportedCapabilityException | MeshNotFoundException e) {
      // nothing to release
    } catch (MeshConflictException e) {
      LOG.debug("the claim of cluster {} moved while mesh {} released it; leaving it", cluster, mesh);
    }
  }

  private Optional<Held> tryCreate(StoreClaim claim) {
    try {
      return Optional.of(new Held(engine.store.createClaim(claim)));
    } catch (UnsupportedCapabilityException e) {
      if (WARNED.add(engine.store.getClass())) {
        LOG.warn("the store {} keeps no claims: a cluster stays in at most one mesh only while one replica"
            + " changes meshes at a time; implement its claim methods to make that hold for several", engine.store);
      }
      return Optional.of(new Held(null));
    } catch (MeshConflictException e) {
      if (e.code() != ErrorCode.ALREADY_EXISTS) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private void takeOver(Versioned<StoreClaim> abandoned, String why) {
    LOG.debug("taking over claim {} of {} ({})", abandoned.value().key(), abandoned.value().holder(), why);
    try {
      engine.store.deleteClaim(abandoned.value().key(), abandoned.version());
    } catch (MeshNotFoundException | MeshConflictException e) {
      // someone released or took it first; the next round reads it again
    }
  }

  private boolean expired(StoreClaim claim) {
    return claim.acquiredAt().plus(LEASE).isBefore(now());
  }

  private Instant now() {
    return engine.settings.clock().instant();
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException(ErrorCode.INTERRUPTED, "interrupted while waiting for another change of the mesh", e);
    }
  }

  /** A claim this attempt took; closing releases it unless it was kept, and never throws. */
  final class Held implements AutoCloseable {
    private final Versioned<StoreClaim> claim;
    private boolean kept;

    private Held(Versioned<StoreClaim> claim) {
      this.claim = claim;
    }

    /** Whether the store holds this claim where other replicas see it; false for a store that keeps none. */
    boolean stored() {
      return claim != null;
    }

    /** Keeps the claim past close: the attempt succeeded and the claim now stands for what it made. */
    void keep() {
      kept = true;
    }

    /** Releases the claim, if it is still this attempt's, recording a failure to do so on the given failure. */
    void release(RuntimeException failure) {
      if (claim == null || kept) {
        return;
      }
      kept = true;
      try {
        engine.store.deleteClaim(claim.value().key(), claim.version());
      } catch (MeshNotFoundException | MeshConflictException e) {
        LOG.debug("claim {} was taken over before it was released", claim.value().key());
      } catch (RuntimeException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          LOG.warn("could not release claim {}: {}; it is taken over once it is older than {} minutes",
              claim.value().key(), e.getMessage(), LEASE.toMinutes());
        }
      }
    }

    @Override
    public void close() {
      release(null);
    }
  }
}
