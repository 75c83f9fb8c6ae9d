package io.meshsdk.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cluster credentials")
class ClusterCredentialsTest {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

  @Test
  @DisplayName("name a token and a CA by file, and survive a JSON round trip as references")
  void tokenFilesRoundTrip() throws Exception {
    ClusterSpec spec = ClusterSpec.builder().name("bj-1")
        .credentials(ClusterCredentials.token("https://10.0.0.1:6443",
            Path.of("/var/run/mesh/bj.token"), Path.of("/var/run/mesh/bj-ca.crt")))
        .build();

    String json = JSON.writeValueAsString(spec);

    assertThat(json).contains("\"source\":\"TOKEN\"", "/var/run/mesh/bj.token", "https://10.0.0.1:6443");
    assertThat(JSON.readValue(json, ClusterSpec.class)).isEqualTo(spec);
  }

  @Test
  @DisplayName("name token and CA providers, storing only the names")
  void providersStoreNames() throws Exception {
    ClusterCredentials credentials =
        ClusterCredentials.tokenFromProviders("https://api.bj:6443", "vault-bj-token", "vault-bj-ca");

    assertThat(credentials.tokenProvider()).contains("vault-bj-token");
    assertThat(credentials.caProvider()).contains("vault-bj-ca");
    assertThat(JSON.readValue(JSON.writeValueAsString(credentials), ClusterCredentials.class))
        .isEqualTo(credentials);
  }

  @Test
  @DisplayName("take a context for a kubeconfig Secret")
  void secretWithContext() {
    ClusterCredentials credentials = ClusterCredentials.secret("mesh-system", "bj-1-kubeconfig", "admin@bj");

    assertThat(credentials.context()).contains("admin@bj");
    assertThat(credentials.source()).isEqualTo(ClusterCredentials.Source.KUBECONFIG_SECRET);
  }

  @Test
  @DisplayName("report every broken rule of a token at once")
  void tokenViolations() {
    assertThatThrownBy(() -> ClusterCredentials.builder()
            .source(ClusterCredentials.Source.TOKEN)
            .server("10.0.0.1:6443")
            .caFile("/ca.crt")
            .caProvider("vault")
            .build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactly("credentials.server", "credentials.tokenFile", "credentials.caFile"));
  }

  @Test
  @DisplayName("refuse token fields on other sources")
  void tokenFieldsOnlyForTokens() {
    assertThatThrownBy(() -> ClusterCredentials.builder()
            .source(ClusterCredentials.Source.IN_CLUSTER)
            .tokenFile("/token")
            .context("x")
            .build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactly("credentials.context", "credentials.server"));
  }
}
