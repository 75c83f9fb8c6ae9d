package io.meshsdk.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshsdk.PolicyValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A policy as JSON")
class PolicyJsonTest {
  private final ObjectMapper mapper = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private final TrafficPolicy canary = PolicyBuilder.forService("reviews").inNamespace("bookinfo")
      .subset("v1", Map.of("version", "v1"))
      .subset("v2", Map.of("version", "v2"))
      .route(r -> r.whenHeader("end-user").exact("jason").toSubset("v2"))
      .route(r -> r.toSubset("v1", 90).toSubset("v2", 10)
          .timeout(Duration.ofSeconds(2)).retries(3, Duration.ofMillis(500)))
      .circuitBreaker(cb -> cb.maxConnections(100).ejectAfter5xx(5))
      .build();

  @Test
  @DisplayName("round-trips through the Policy type with its kind")
  void roundTrips() throws Exception {
    String json = mapper.writerFor(Policy.class).writeValueAsString(canary);

    assertThat(json).contains("\"kind\":\"TrafficPolicy\"").contains("\"timeout\":\"PT2S\"");
    Policy back = mapper.readValue(json, Policy.class);
    assertThat(back).isInstanceOf(TrafficPolicy.class).isEqualTo(canary);
  }

  @Test
  @DisplayName("is validated again when read, so a stored intent cannot smuggle in a broken policy")
  void validatesWhenRead() {
    String broken = "{\"kind\":\"TrafficPolicy\",\"host\":\"reviews\",\"namespace\":\"bookinfo\","
        + "\"routes\":[{\"destinations\":[{\"subset\":\"v9\"}]}]}";
    assertThatThrownBy(() -> mapper.readValue(broken, Policy.class))
        .isInstanceOf(JsonMappingException.class)
        .hasRootCauseInstanceOf(PolicyValidationException.class)
        .rootCause().hasMessageContaining("routes[0].destinations[0].subset");
  }
}
