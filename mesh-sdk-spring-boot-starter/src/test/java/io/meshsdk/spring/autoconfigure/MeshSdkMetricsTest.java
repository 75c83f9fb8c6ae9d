package io.meshsdk.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.MeshManager;
import io.meshsdk.mesh.Mesh;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.micrometer.MicrometerMeshListener;
import io.meshsdk.plan.Plan;
import io.meshsdk.policy.PolicyBuilder;
import io.meshsdk.policy.TrafficPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@DisplayName("The starter's metrics")
class MeshSdkMetricsTest {

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshSdkAutoConfiguration.class, MeshSdkMetricsAutoConfiguration.class))
      .withPropertyValues("meshsdk.clusters[0].name=mcpc-1", "meshsdk.clusters[1].name=bj-1");

  /** Actuator's own metrics configuration, which defines the application's MeterRegistry. */
  final ApplicationContextRunner withActuator = runner.withConfiguration(AutoConfigurations.of(
      MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
      CompositeMeterRegistryAutoConfiguration.class));

  @Test
  @DisplayName("record plans and applies in the registry that Actuator defines")
  void actuatorRegistry() {
    withActuator.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(MicrometerMeshListener.class);
      Mesh prod = context.getBean(MeshManager.class).create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      prod.policies().plan(canary()).apply();

      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get("meshsdk.plans").tags("mesh", "prod", "outcome", "changed").timer().count())
          .isEqualTo(1);
      assertThat(registry.get("meshsdk.applies").tags("mesh", "prod", "outcome", "success").timer().count())
          .isEqualTo(1);
      assertThat(registry.get("meshsdk.apply.objects").tags("cluster", "mcpc-1", "status", "applied")
          .counter().count()).isPositive();
    });
  }

  @Test
  @DisplayName("observe each apply when the application has an observation registry")
  void observations() {
    withActuator.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(context -> {
      assertThat(context).hasNotFailed();
      Mesh prod = context.getBean(MeshManager.class).create(MeshSpec.hosted("prod").controlPlane("mcpc-1").build());

      Plan plan = prod.policies().plan(canary());
      plan.apply();

      TestObservationRegistryAssert.assertThat((TestObservationRegistry) context.getBean(ObservationRegistry.class))
          .hasObservationWithNameEqualTo("meshsdk.apply").that()
          .hasBeenStopped()
          .hasHighCardinalityKeyValue("plan.hash", plan.hash());
    });
  }

  @Test
  @DisplayName("define no listener without a MeterRegistry, and the manager still starts")
  void noRegistry() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(MeshManager.class).doesNotHaveBean(MicrometerMeshListener.class);
    });
  }

  @Test
  @DisplayName("define no listener when mesh-sdk-micrometer is not on the class path")
  void noModule() {
    withActuator.withClassLoader(new FilteredClassLoader(MicrometerMeshListener.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(MeshManager.class).hasSingleBean(MeterRegistry.class)
          .doesNotHaveBean(MicrometerMeshListener.class);
    });
  }

  private static TrafficPolicy canary() {
    return PolicyBuilder.forService("reviews").inNamespace("bookinfo")
        .subset("v1", Map.of("version", "v1")).subset("v2", Map.of("version", "v2"))
        .route(r -> r.toSubset("v1", 90).toSubset("v2", 10))
        .build();
  }
}
