package io.meshsdk.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The configuration metadata for IDEs")
class ConfigurationMetadataTest {

  @Test
  @DisplayName("lists every meshsdk property, each with a description")
  void listsTheProperties() throws IOException {
    JsonNode metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json on the classpath").isNotNull();
      metadata = new ObjectMapper().readTree(in);
    }
    List<String> names = new ArrayList<>();
    for (JsonNode property : metadata.get("properties")) {
      names.add(property.get("name").asText());
      assertThat(property.path("description").asText()).as(property.get("name").asText()).isNotBlank();
    }
    assertThat(names).contains(
        "meshsdk.clusters",
        "meshsdk.store.type", "meshsdk.store.directory", "meshsdk.store.namespace",
        "meshsdk.gsc.kubeconfig", "meshsdk.gsc.context", "meshsdk.gsc.in-cluster",
        "meshsdk.connector.type", "meshsdk.connector.qps", "meshsdk.connector.burst",
        "meshsdk.connector.request-timeout", "meshsdk.connector.connect-timeout",
        "meshsdk.prometheus.url", "meshsdk.prometheus.token-file",
        "meshsdk.apply-parallelism", "meshsdk.writes-per-cluster", "meshsdk.retries.max-attempts", "meshsdk.retries.initial-backoff");
    assertThat(metadata.get("groups")).extracting(g -> g.get("type").asText())
        .contains(MeshSdkProperties.class.getName());
  }
}
