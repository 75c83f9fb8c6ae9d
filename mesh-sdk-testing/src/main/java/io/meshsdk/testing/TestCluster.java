package io.meshsdk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A cluster registered for a {@link MeshTest}.
 *
 * @since 0.1.0
 */
@Documented
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface TestCluster {

  /**
   * The cluster's name.
   *
   * @return the name
   */
  String name();

  /**
   * The Istio network; none when empty.
   *
   * @return the network
   */
  String network() default "";

  /**
   * The region; none when empty.
   *
   * @return the region
   */
  String region() default "";
}
