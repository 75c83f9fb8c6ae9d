package io.meshsdk.core.internal;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.mesh.MeshSpec;
import java.util.List;

/**
 * Which clusters receive a mesh's policies. The SDK decides: the config clusters of the mesh's
 * mode. A caller may narrow that to one config cluster, never widen it to a member, which only
 * ever receives data-plane objects.
 */
abstract class Placement {

  abstract List<String> clusters(MeshSpec spec);

  static Placement everyConfigCluster() {
    return new Placement() {
      @Override
      List<String> clusters(MeshSpec spec) {
        return spec.configClusters();
      }
    };
  }

  static Placement only(String cluster) {
    return new Placement() {
      @Override
      List<String> clusters(MeshSpec spec) {
        if (spec.configClusters().contains(cluster)) {
          return List.of(cluster);
        }
        if (spec.clusters().contains(cluster)) {
          throw new MeshException(ErrorCode.PLACEMENT_REJECTED, "cluster " + cluster + " is a member of mesh "
              + spec.name() + " and receives only data-plane objects; mesh policies take effect only on its config "
              + "cluster" + (spec.configClusters().size() == 1 ? " " : "s ") + spec.configClusters());
        }
        throw new MeshNotFoundException("cluster " + cluster + " is not part of mesh " + spec.name());
      }
    };
  }
}
