package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.mesh.ControlPlaneRevision;
import io.meshsdk.mesh.ControlPlaneStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("UpgradeExample")
class UpgradeExampleTest {

  @Test
  @DisplayName("installs, upgrades by canary, rolls back, promotes and keeps the revision workloads still run")
  void runs() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ControlPlaneStatus status = UpgradeExample.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(status.ready()).isTrue();
    assertThat(status.version()).isEqualTo("1.30.3");
    assertThat(status.revisions()).extracting(ControlPlaneRevision::name)
        .containsExactly("prod-v1-29-3", "prod-v1-30-3");
    assertThat(status.revisions()).filteredOn(r -> r.name().equals("prod-v1-30-3"))
        .flatExtracting(ControlPlaneRevision::tags).containsExactly("canary", "stable");
    assertThat(output)
        .contains("Control plane on mcpc-1: ready, stable 1.29.3, revisions [prod-v1-29-3 ready [canary, stable]]")
        .contains("~ update IstioRevisionTag canary")
        .contains("Workloads to restart: [bookinfo/reviews runs prod-v1-29-3, wants prod-v1-30-3 (1 pod)]")
        .contains("- delete IstioRevision prod-v1-30-3")
        .contains("~ update IstioRevisionTag stable")
        .contains("Refused: revision prod-v1-29-3 of mesh prod is still used by cluster bj-1: Deployment"
            + " bookinfo/reviews (1 pod); cluster bj-1: Deployment shop/orders (1 pod)");
    String afterRollback = output.substring(output.indexOf("== 3."), output.indexOf("== 4."));
    assertThat(afterRollback).contains("Workloads to restart: []");
  }
}
