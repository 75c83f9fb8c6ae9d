package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.topology.HealthStatus;
import io.meshsdk.topology.Protocol;
import io.meshsdk.topology.TopologyGraph;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("TopologyExample")
class TopologyExampleTest {

  @Test
  @DisplayName("reads Bookinfo's graph across two clusters, prints its calls and writes its pictures")
  void runs(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    TopologyGraph graph = TopologyExample.run(new SyntheticBookinfoTelemetry(),
        Instant.parse("2026-03-01T10:00:00Z"), dir, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(graph.edges()).hasSize(7);
    assertThat(graph.edge("workload:east/bookinfo/productpage-v1", "workload:east/bookinfo/details-v1", Protocol.HTTP))
        .hasValueSatisfying(e -> assertThat(e.health()).isEqualTo(HealthStatus.WARNING));
    assertThat(output)
        .contains("read 9 series in 3 queries")
        .contains("WARNING  workload:east/bookinfo/productpage-v1 -> workload:east/bookinfo/details-v1 [HTTP]"
            + " 25.00 req/s, 4.0% errors")
        .contains("CRITICAL workload:east/bookinfo/productpage-v1 -> workload:west/bookinfo/reviews-v3 [HTTP]"
            + " 5.00 req/s, 20.0% errors (cross-cluster)");
    assertThat(Files.readString(dir.resolve("topology.dot"))).startsWith("digraph topology {")
        .contains("label=\"cluster west\"");
    assertThat(Files.readString(dir.resolve("topology.mmd"))).startsWith("flowchart LR");
    assertThat(Files.readString(dir.resolve("topology.json"))).contains("\"graphType\":\"workload\"");
    if (TopologyExample.onPath("dot").isPresent()) {
      assertThat(output).contains("wrote topology.svg with Graphviz");
      assertThat(Files.readString(dir.resolve("topology.svg"))).contains("<svg", "cluster west", "productpage");
    } else {
      assertThat(output).contains("apt-get install graphviz");
      assertThat(dir.resolve("topology.svg")).doesNotExist();
    }
  }
}
