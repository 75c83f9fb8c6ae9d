package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ClusterConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The default health probe of a connection")
class ConnectionHealthTest {

  @Test
  @DisplayName("reports a cluster that answers as reachable, with its version and latency")
  void reachable() {
    ClusterConnection connection =
        new InMemoryClusterConnector().connect(ClusterSpec.builder().name("mcpc-1").build());

    ClusterHealth health = connection.health();

    assertThat(health.status()).isEqualTo(ClusterHealth.Status.REACHABLE);
    assertThat(health.cluster()).isEqualTo("mcpc-1");
    assertThat(health.kubernetesVersion()).contains(InMemoryClusterConnector.SERVER_VERSION);
    assertThat(health.latency()).isPresent();
    assertThat(health.istioInstalled()).isFalse();
  }

  @Test
  @DisplayName("reports a cluster that cannot be reached as unreachable instead of throwing")
  void unreachable() {
    ClusterConnection connection =
        new InMemoryClusterConnector().connect(ClusterSpec.builder().name("bj-1").build());
    connection.close();

    ClusterHealth health = connection.health();

    assertThat(health.status()).isEqualTo(ClusterHealth.Status.UNREACHABLE);
    assertThat(health.reachable()).isFalse();
    assertThat(health.latency()).isEmpty();
    assertThat(health.problems()).singleElement().asString().contains("closed");
  }
}
