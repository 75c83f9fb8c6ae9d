package io.meshsdk.istio.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Kubernetes connections")
class SharedEventLoopTest {

  @Test
  @DisplayName("share one pool of event loops, however many clusters are connected")
  void oneEventLoopPoolForAllConnections(@TempDir Path dir) {
    int clusters = 12;
    List<KubernetesMockServer> servers = new ArrayList<>();
    List<ClusterConnection> connections = new ArrayList<>();
    ClusterConnector connector = KubernetesClusterConnector.builder().build();
    try {
      for (int i = 0; i < clusters; i++) {
        KubernetesMockServer server = MockClusters.crud();
        servers.add(server);
        answered(server); // the mock servers run on Vert.x too: their loops start here, not below
      }
      long before = eventLoopThreads();
      for (int i = 0; i < clusters; i++) {
        ClusterConnection connection = connector.connect(MockClusters.cluster("member-" + i, servers.get(i), dir));
        connections.add(connection);
        assertThat(connection.serverVersion()).isEqualTo("v1.31.2");
      }

      // Vert.x sizes an instance's event loop pool at twice the processors; one instance for all
      // clients never has more, an instance per client has one loop per connected cluster.
      assertThat(eventLoopThreads() - before)
          .isLessThanOrEqualTo(2L * Runtime.getRuntime().availableProcessors())
          .isLessThan(clusters);
    } finally {
      connections.forEach(ClusterConnection::close);
      servers.forEach(KubernetesMockServer::destroy);
    }
  }

  @Test
  @DisplayName("keep working after other connections closed")
  void closingOneConnectionLeavesTheOthersWorking(@TempDir Path dir) {
    KubernetesMockServer first = MockClusters.crud();
    KubernetesMockServer second = MockClusters.crud();
    ClusterConnector connector = KubernetesClusterConnector.builder().build();
    try {
      ClusterConnection closed = connector.connect(MockClusters.cluster("first", first, dir));
      assertThat(closed.serverVersion()).isEqualTo("v1.31.2");
      closed.close();

      try (ClusterConnection open = connector.connect(MockClusters.cluster("second", second, dir))) {
        assertThat(open.serverVersion()).isEqualTo("v1.31.2");
      }
    } finally {
      MockClusters.destroy(first);
      MockClusters.destroy(second);
    }
  }

  private static void answered(KubernetesMockServer server) {
    try {
      HttpResponse<String> version = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url("/version"))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(version.statusCode()).isEqualTo(200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long eventLoopThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("vert.x-eventloop-thread-"))
        .count();
  }
}
