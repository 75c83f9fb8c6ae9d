package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshMode;
import io.meshsdk.mesh.MeshPolicies;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.Versioned;
import io.meshsdk.topology.TopologyReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A handle on one mesh; state lives in the store, so handles are cheap and never stale. */
final class DefaultMesh implements Mesh {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultMesh.class);
  private static final int UPDATE_ATTEMPTS = 5;

  private final Engine engine;
  private final String name;

  DefaultMesh(Engine engine, String name) {
    this.engine = engine;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public MeshSpec spec() {
    return engine.mesh(name).value();
  }

  @Override
  public MeshSpec join(String cluster) {
    return update(spec -> {
      requireHosted(spec, "join");
      if (spec.controlPlane().map(cluster::equals).orElse(false)) {
        throw new MeshConflictException("cluster " + cluster + " is the control plane of mesh " + name
            + " and cannot also join it as a member");
      }
      if (spec.members().contains(cluster)) {
        throw new MeshConflictException(ErrorCode.ALREADY_EXISTS, "cluster " + cluster + " is already a member of mesh " + name);
      }
      Membership.requireAvailable(engine, name, List.of(cluster));
      List<String> members = new ArrayList<>(spec.members());
      members.add(cluster);
      return MeshSpec.hosted(name).from(spec).members(members).build();
    });
  }

  @Override
  public MeshSpec leave(String cluster) {
    return update(spec -> {
      requireHosted(spec, "leave");
      if (!spec.members().contains(cluster)) {
        throw new MeshNotFoundException("cluster " + cluster + " is not a member of mesh " + name);
      }
      List<String> members = new ArrayList<>(spec.members());
      members.remove(cluster);
      return MeshSpec.hosted(name).from(spec).members(members).build();
    });
  }

  /** Read, change, write with the version read; another writer in between makes us read again. */
  private MeshSpec update(UnaryOperator<MeshSpec> change) {
    for (int attempt = 1; ; attempt++) {
      Versioned<MeshSpec> current = engine.mesh(name);
      MeshSpec next = change.apply(current.value());
      try {
        MeshSpec stored = engine.store.updateMesh(next, current.version()).value();
        LOG.debug("mesh {} now spans {}", name, stored.clusters());
        return stored;
      } catch (MeshConflictException e) {
        if (e.code() != ErrorCode.CONFLICT || attempt >= UPDATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private void requireHosted(MeshSpec spec, String operation) {
    if (spec.mode() != MeshMode.HOSTED) {
      throw new UnsupportedCapabilityException("cannot " + operation + " mesh " + name + ": a " + spec.mode()
          + " mesh has fixed membership; only HOSTED meshes take members that join and leave");
    }
  }

  @Override
  public MeshPolicies policies() {
    return new DefaultMeshPolicies(engine, name);
  }

  @Override
  public TopologyReader topology() {
    return new DefaultTopologyReader(engine, name);
  }

  @Override
  public String toString() {
    return "Mesh[" + name + "]";
  }
}
