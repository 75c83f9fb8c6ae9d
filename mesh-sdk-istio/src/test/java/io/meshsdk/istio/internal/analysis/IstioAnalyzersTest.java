package io.meshsdk.istio.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshsdk.analysis.Finding;
import io.meshsdk.istio.IstioBackendProvider;
import io.meshsdk.istio.schema.IstioData;
import io.meshsdk.istio.schema.IstioValidation;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.Analyzer;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Istio analyzers over the fixtures in {@code src/test/resources/analysis}: each fixture says
 * in comments which codes it is about ({@code # codes:}) and exactly which findings of those codes
 * it must give ({@code # expect: CODE Kind namespace/name fieldPath}, on the cluster of the file).
 */
@DisplayName("Istio analyzers")
class IstioAnalyzersTest {
  static final Path FIXTURES = Path.of("src/test/resources/analysis");

  /** Codes for which a finding depends on objects of several clusters, so a folder fixture covers them. */
  static final Set<String> MULTI_CLUSTER = Set.of("IST0101", "IST0102", "IST0103", "IST0109", "IST0149",
      "IST0126", "IST0162", "IST0170", "IST0173", "IST0174");

  static List<Path> fixtures() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> areas = Files.list(FIXTURES)) {
      // the SDK's own checks (MSH) keep their fixtures beside these, with tests of their own
      for (Path area : areas.filter(Files::isDirectory).filter(a -> !a.getFileName().toString().startsWith("MSH"))
          .sorted().collect(Collectors.toList())) {
        try (Stream<Path> cases = Files.list(area)) {
          cases.sorted().forEach(out::add);
        }
      }
    }
    return out;
  }

  static List<Finding> analyze(FixtureContext context) {
    List<Finding> out = new ArrayList<>();
    for (Analyzer analyzer : IstioAnalyzers.all()) {
      List<Finding> findings = analyzer.analyze(context);
      for (Finding f : findings) {
        assertThat(analyzer.codes()).as("%s reports only its declared codes", analyzer.name()).contains(f.code());
      }
      out.addAll(findings);
    }
    return out;
  }

  static String describe(Finding f) {
    return f.code() + " " + f.resource().map(r -> r.kind() + " " + r.namespace().map(n -> n + "/").orElse("")
        + r.name()).orElse("-") + " @" + f.cluster().orElse("-") + f.fieldPath().map(p -> " " + p).orElse("");
  }

  static Set<String> scope(FixtureContext context) {
    Set<String> codes = new TreeSet<>();
    context.lines("codes").forEach(l -> codes.addAll(List.of(l[1].split("[ ,]+"))));
    context.lines("expect").forEach(l -> codes.add(l[1].split(" ")[0]));
    return codes;
  }

  static Set<String> expected(FixtureContext context) {
    Set<String> out = new TreeSet<>();
    for (String[] l : context.lines("expect")) {
      String[] parts = l[1].split(" ", 4);
      out.add(parts[0] + " " + parts[1] + " " + parts[2] + " @" + l[0] + (parts.length > 3 ? " " + parts[3] : ""));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  @DisplayName("each fixture gives exactly the findings it expects of the codes it is about")
  void fixtureGivesItsFindings(Path fixture) {
    FixtureContext context = FixtureContext.read(fixture);
    Set<String> scope = scope(context);
    assertThat(scope).as("a fixture names the codes it is about").isNotEmpty();

    List<Finding> findings = analyze(context);
    Set<String> actual = findings.stream().filter(f -> scope.contains(f.code())).map(IstioAnalyzersTest::describe)
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(actual).as("findings of %s in %s; all findings:%n%s", scope, fixture,
        findings.stream().map(Finding::toString).collect(Collectors.joining("\n")))
        .containsExactlyElementsOf(expected(context));
    for (Finding f : findings) {
      IstioCode code = IstioCode.valueOf(f.code());
      assertThat(f.name()).isEqualTo(code.title());
      assertThat(f.severity()).isEqualTo(code.severity());
      assertThat(f.remediation()).as("remediation of %s", f).isNotBlank();
      assertThat(f.message()).as("message of %s", f).doesNotContain("null");
    }
  }

  @Test
  @DisplayName("every code has a fixture where it is found and one where it is not; multi-cluster codes a folder")
  void everyCodeIsCovered() throws IOException {
    Set<String> positive = new HashSet<>();
    Set<String> negative = new HashSet<>();
    Set<String> multiCluster = new HashSet<>();
    for (Path fixture : fixtures()) {
      FixtureContext context = FixtureContext.read(fixture);
      Set<String> expectedCodes = context.lines("expect").stream().map(l -> l[1].split(" ")[0])
          .collect(Collectors.toSet());
      for (String code : scope(context)) {
        (expectedCodes.contains(code) ? positive : negative).add(code);
        if (Files.isDirectory(fixture) && context.clusters().size() > 1) {
          multiCluster.add(code);
        }
      }
    }
    Set<String> reported = reportedCodes();
    assertThat(positive).as("codes with a positive fixture").containsAll(reported);
    assertThat(negative).as("codes with a negative fixture").containsAll(reported);
    assertThat(multiCluster).as("codes with a multi-cluster fixture").containsAll(MULTI_CLUSTER);
  }

  static Set<String> reportedCodes() {
    return IstioAnalyzers.all().stream().flatMap(a -> a.codes().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  @DisplayName("the Istio backend runs every one of these analyzers")
  void backendRunsThem() {
    assertThat(new IstioBackendProvider().create().analyzers()).extracting(Analyzer::name)
        .containsAll(IstioAnalyzers.all().stream().map(Analyzer::name).collect(Collectors.toList()));
  }

  @Test
  @DisplayName("every code of Istio's catalogue is reported or listed with the reason it is not")
  void catalogueIsCovered() throws IOException {
    Set<String> reported = reportedCodes();
    Set<String> listed = IstioCode.NOT_REPORTED.keySet().stream().map(Enum::name).collect(Collectors.toSet());
    assertThat(reported).as("codes both reported and listed as not reported").doesNotContainAnyElementsOf(listed);
    for (IstioCode code : IstioCode.values()) {
      assertThat(reported.contains(code.name()) || listed.contains(code.name()))
          .as("%s is reported or listed with a reason", code).isTrue();
    }
    IstioCode.NOT_REPORTED.values().forEach(reason -> assertThat(reason).isNotBlank());

    IstioData.assumePresent();
    JsonNode catalogue = new ObjectMapper(new YAMLFactory())
        .readTree(IstioData.dir().resolve("analysis-messages.yaml").toFile());
    Map<String, String> istio = new TreeMap<>();
    for (JsonNode m : catalogue.path("messages")) {
      istio.put(m.path("code").asText(), m.path("name").asText() + " " + m.path("level").asText().toUpperCase());
    }
    Map<String, String> ours = new TreeMap<>();
    for (IstioCode code : IstioCode.values()) {
      ours.put(code.name(), code.title() + " " + code.severity());
    }
    assertThat(ours).as("the SDK's table of Istio's codes").isEqualTo(istio);
  }

  @Test
  @DisplayName("the Istio objects of every fixture are accepted by Istio's CRD schemas")
  void fixturesAreValidIstioObjects() throws IOException {
    IstioData.assumePresent();
    int checked = 0;
    for (Path fixture : fixtures()) {
      for (List<MeshResource> objects : FixtureContext.read(fixture).objects.values()) {
        for (MeshResource r : objects) {
          if (r.apiVersion().contains("istio.io/")) {
            IstioValidation.assertAccepted(r.content());
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  @DisplayName("one index serves every analyzer of an analysis")
  void oneIndexPerAnalysis() throws IOException {
    FixtureContext context = FixtureContext.read(fixtures().get(0));
    assertThat(MeshIndex.of(context)).isSameAs(MeshIndex.of(context));
    assertThat(MeshIndex.of(context)).isNotSameAs(MeshIndex.of(FixtureContext.read(fixtures().get(0))));
  }

  @Test
  @DisplayName("an analysis done keeps nothing it read: its context and index can be collected")
  void nothingKept() throws IOException {
    FixtureContext context = null;
    for (Path fixture : fixtures()) {
      context = FixtureContext.read(fixture);
      if (!analyze(context).isEmpty()) {
        break; // analyzed, and its index filled by analyzers that found something
      }
    }
    WeakReference<FixtureContext> analyzed = new WeakReference<>(context);
    WeakReference<MeshIndex> index = new WeakReference<>(MeshIndex.of(context));
    context = null;

    await("the analyzed context and its index collected").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50)).until(() -> {
          System.gc();
          return analyzed.get() == null && index.get() == null;
        });
  }
}
