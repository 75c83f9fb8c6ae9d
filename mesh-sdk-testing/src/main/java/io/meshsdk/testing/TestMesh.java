package io.meshsdk.testing;

import io.meshsdk.mesh.MeshMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A mesh created for a {@link MeshTest}. On a parameter of type {@link io.meshsdk.mesh.Mesh},
 * {@link Named} picks which mesh is injected.
 *
 * @since 0.1.0
 */
@Documented
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface TestMesh {

  /**
   * The mesh's name.
   *
   * @return the name
   */
  String name();

  /**
   * The mode.
   *
   * @return {@link MeshMode#HOSTED} unless set
   */
  MeshMode mode() default MeshMode.HOSTED;

  /**
   * The control-plane cluster of a hosted mesh.
   *
   * @return the cluster's name
   */
  String controlPlane() default "";

  /**
   * Members, joined in order for a hosted mesh; the one cluster of a dedicated mesh.
   *
   * @return the clusters' names
   */
  String[] members() default {};

  /**
   * The primaries of an external mesh.
   *
   * @return the clusters' names
   */
  String[] primaries() default {};

  /**
   * Picks the mesh injected into a {@link io.meshsdk.mesh.Mesh} parameter when the test declares
   * several.
   *
   * @since 0.1.0
   */
  @Documented
  @Target(ElementType.PARAMETER)
  @Retention(RetentionPolicy.RUNTIME)
  @interface Named {
    /**
     * The mesh's name.
     *
     * @return the name
     */
    String value();
  }
}
