package io.meshsdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshMode;
import org.junit.jupiter.api.Test;

/** Declares two meshes and asks for one without naming it; run only through the engine test kit. */
@MeshTest(meshes = {@TestMesh(name = "prod", controlPlane = "mcpc-1"),
    @TestMesh(name = "legacy", mode = MeshMode.EXTERNAL, primaries = "old-1")})
class AmbiguousMeshFixture {
  @Test
  void needsOneMesh(Mesh mesh) {
    assertThat(mesh).isNotNull();
  }
}
