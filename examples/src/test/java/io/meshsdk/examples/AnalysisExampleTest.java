package io.meshsdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshsdk.analysis.AnalysisReport;
import io.meshsdk.analysis.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AnalysisExample")
class AnalysisExampleTest {

  @Test
  @DisplayName("analyzes the live mesh, refuses the plan for its new error, suppresses, and analyzes files")
  void runs() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    List<AnalysisReport> reports = AnalysisExample.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);

    AnalysisReport live = reports.get(0);
    AnalysisReport plan = reports.get(1);
    AnalysisReport suppressed = reports.get(2);
    AnalysisReport offline = reports.get(3);
    assertThat(live.findings()).extracting(Finding::code).contains("MSH0001", "MSH0002", "MSH0004");
    assertThat(plan.introduced()).extracting(Finding::code).contains("MSH0006");
    // the foreign VirtualService and the SDK's would both route the host (Istio's code and the SDK's), and
    // the Service differs in its port between the two members, so a route must name one
    assertThat(plan.blockingErrors()).extracting(f -> f.code() + " " + f.resource().orElseThrow())
        .containsExactlyInAnyOrder("IST0109 VirtualService bookinfo/reviews", "IST0109 VirtualService bookinfo/reviews-legacy",
            "IST0112 VirtualService bookinfo/reviews", "IST0112 VirtualService bookinfo/reviews",
            "MSH0006 VirtualService bookinfo/reviews");
    assertThat(suppressed.findings()).extracting(Finding::code).doesNotContain("MSH0002", "MSH0004");
    assertThat(suppressed.suppressed()).isEqualTo(2);
    assertThat(offline.findings()).extracting(Finding::code).contains("MSH0004");
    assertThat(offline.findings()).allSatisfy(f -> assertThat(f.cluster()).isEmpty());
    assertThat(output)
        .contains("apply refused (ANALYSIS_REJECTED, plan.analysis-rejected), nothing written: [")
        .contains("MSH0006 VirtualService bookinfo/reviews]")
        .contains("+ ERROR MSH0006 VirtualService bookinfo/reviews on mcpc-1")
        .contains("\"suppressed\":2");
  }
}
