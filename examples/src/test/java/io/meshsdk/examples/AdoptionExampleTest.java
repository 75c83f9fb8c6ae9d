package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.mesh.DiscoveredPolicy;
import io.meshsdk.policy.ExternalService;
import io.meshsdk.policy.RawPolicy;
import io.meshsdk.policy.TrafficPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("AdoptionExample")
class AdoptionExampleTest {
  @TempDir
  Path repository;

  @Test
  @DisplayName("discovers the foreign files, adopts them and leaves nothing to change")
  void runs() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    List<DiscoveredPolicy> found = AdoptionExample.run(repository, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    assertThat(found).extracting(d -> d.policy().getClass().getSimpleName().replace("Immutable", ""))
        .containsExactlyInAnyOrder("ExternalService", "RawPolicy", "TrafficPolicy");
    assertThat(found).filteredOn(d -> d.policy() instanceof TrafficPolicy).singleElement()
        .satisfies(d -> assertThat(d.sources()).hasSize(2));
    assertThat(found).filteredOn(d -> d.policy() instanceof RawPolicy).singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("field spec.gateways has no typed equivalent"));
    assertThat(found).filteredOn(d -> d.policy() instanceof ExternalService).singleElement()
        .satisfies(d -> assertThat(((ExternalService) d.policy()).ports().get(0).name()).isEqualTo("tls-api"));
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("0 to create, 0 to update, 0 to delete, 4 to adopt, 0 unchanged")
        .contains("* adopt VirtualService shop/catalog", "+ /metadata/labels")
        .contains("successful: true, objects written: 4")
        .contains("0 to create, 0 to update, 0 to delete, 4 unchanged")
        .contains("has changes: false, left to discover: 0");
    String catalog = Files.readString(repository.resolve("legacy-1/shop/virtualservice-catalog.yaml"));
    assertThat(catalog).contains("app.kubernetes.io/managed-by: mesh-sdk", "weight: 90", "timeout: \"2s\"");
  }
}
