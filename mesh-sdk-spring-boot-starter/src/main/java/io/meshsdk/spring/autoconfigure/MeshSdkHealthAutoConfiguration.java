package io.meshsdk.spring.autoconfigure;

import io.meshsdk.MeshManager;
import io.meshsdk.spring.actuate.MeshSdkHealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the health of the clusters and meshes of the application's {@link MeshManager}
 * (the starter's or the application's own) to Actuator, as {@code meshSdk} with the groups {@code
 * clusters} and {@code meshes}. Only when Spring Boot Actuator is on the classpath; turned off
 * with {@code management.health.meshsdk.enabled=false}.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = MeshSdkAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(MeshManager.class)
@ConditionalOnProperty(prefix = "management.health.meshsdk", name = "enabled", matchIfMissing = true)
public class MeshSdkHealthAutoConfiguration {

  /** Creates the auto-configuration; Spring Boot does. */
  public MeshSdkHealthAutoConfiguration() {}

  /**
   * The {@code meshSdk} health contributor.
   *
   * @param manager the manager
   * @return the contributor
   */
  @Bean
  @ConditionalOnMissingBean(name = "meshSdkHealthContributor")
  public MeshSdkHealthContributor meshSdkHealthContributor(MeshManager manager) {
    return new MeshSdkHealthContributor(manager);
  }
}
