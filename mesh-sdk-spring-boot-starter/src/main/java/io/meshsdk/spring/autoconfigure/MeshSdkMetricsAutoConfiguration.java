package io.meshsdk.spring.autoconfigure;

import io.meshsdk.micrometer.MicrometerMeshListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records the SDK's work in the application's {@link MeterRegistry}: when the application has a
 * registry (Spring Boot Actuator defines one) and {@code mesh-sdk-micrometer} is on the class path,
 * a {@link MicrometerMeshListener} bean is defined, which the auto-configured {@code MeshManager}
 * is built with, like every {@link io.meshsdk.event.MeshListener} bean. With an {@link
 * ObservationRegistry} bean (Actuator's observation support), each apply is also observed, for
 * tracing.
 *
 * <p>An application that defines its own {@code MicrometerMeshListener} bean keeps it; one that
 * defines its own {@code MeshManager} adds the listener to its builder itself.
 *
 * @since 0.2.0
 */
@AutoConfiguration(before = MeshSdkAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, MicrometerMeshListener.class})
@ConditionalOnBean(MeterRegistry.class)
public class MeshSdkMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public MeshSdkMetricsAutoConfiguration() {}

  /**
   * The listener that records the manager's meters, and observations when the application has an
   * observation registry.
   *
   * @param registry the application's meter registry
   * @param observations the application's observation registry, if any
   * @return the listener
   */
  @Bean
  @ConditionalOnMissingBean
  public MicrometerMeshListener meshSdkMicrometerListener(MeterRegistry registry,
      ObjectProvider<ObservationRegistry> observations) {
    return new MicrometerMeshListener(registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }
}
