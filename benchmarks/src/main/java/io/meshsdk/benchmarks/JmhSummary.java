package io.meshsdk.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the results of a JMH run (its JSON, {@code -rf json}) as a Markdown table, with
 * allocation per operation when the run had {@code -prof gc}, then checks the results against
 * the performance targets that apply to them and prints each with its ratio.
 *
 * <pre>
 * java -cp ... io.meshsdk.benchmarks.JmhSummary benchmarks/target/jmh.json
 * </pre>
 */
public final class JmhSummary {

  private JmhSummary() {}

  /** One score: the benchmark's short name, its parameters, time per operation and allocation. */
  record Score(String benchmark, String params, double millis, double error, Optional<Double> bytesPerOp) {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: JmhSummary <jmh result json>");
      System.exit(2);
    }
    List<Score> scores = read(Path.of(args[0]));
    System.out.println("| benchmark | parameters | time per operation | ± | allocated per operation |");
    System.out.println("|---|---|---|---|---|");
    for (Score s : scores) {
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", s.benchmark(), s.params(), time(s.millis()),
          time(s.error()), s.bytesPerOp().map(JmhSummary::bytes).orElse("–"));
    }
    System.out.println();
    System.out.println("| target | measured | target | ratio to target | met |");
    System.out.println("|---|---|---|---|---|");
    target(scores, "HostedPlanBenchmark.warmPlan", "", "warm plan, 10,000 services", 1000);
    target(scores, "TopologyBenchmark.read", "", "topology, 10,000 edges", 500);
    Optional<Score> small = find(scores, "AnalysisBenchmark", "2500");
    Optional<Score> large = find(scores, "AnalysisBenchmark", "10000");
    if (small.isPresent() && large.isPresent()) {
      double ratio = large.get().millis() / small.get().millis();
      System.out.printf(Locale.ROOT, "| analysis, 10,000 objects against 2,500 | %.2f× | ≤ 5× | %.2f | %s |%n",
          ratio, ratio / 5, ratio <= 5 ? "yes" : "no");
    }
  }

  private static void target(List<Score> scores, String benchmark, String param, String what, double limitMillis) {
    find(scores, benchmark, param).ifPresent(s -> System.out.printf(Locale.ROOT, "| %s | %s | < %s | %.2f | %s |%n",
        what, time(s.millis()), time(limitMillis), s.millis() / limitMillis, s.millis() < limitMillis ? "yes" : "no"));
  }

  private static Optional<Score> find(List<Score> scores, String benchmark, String param) {
    return scores.stream().filter(s -> s.benchmark().startsWith(benchmark) && s.params().contains(param)).findFirst();
  }

  static List<Score> read(Path json) throws IOException {
    List<Score> scores = new ArrayList<>();
    for (JsonNode run : new ObjectMapper().readTree(Files.readAllBytes(json))) {
      String name = run.path("benchmark").asText();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new LinkedHashMap<>();
      run.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      JsonNode primary = run.path("primaryMetric");
      double factor = toMillis(primary.path("scoreUnit").asText());
      JsonNode alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
      scores.add(new Score(shortName, params.isEmpty() ? "" : params.toString(),
          primary.path("score").asDouble() * factor, primary.path("scoreError").asDouble() * factor,
          alloc.isMissingNode() ? Optional.empty() : Optional.of(alloc.path("score").asDouble())));
    }
    return scores;
  }

  private static double toMillis(String unit) {
    switch (unit) {
      case "s/op": return 1000;
      case "ms/op": return 1;
      case "us/op": return 0.001;
      case "ns/op": return 0.000001;
      default: throw new IllegalArgumentException("time per operation expected, got " + unit);
    }
  }

  private static String time(double millis) {
    if (Double.isNaN(millis)) {
      return "–";
    }
    return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000)
        : millis >= 1 ? String.format(Locale.ROOT, "%.1f ms", millis)
        : String.format(Locale.ROOT, "%.1f µs", millis * 1000);
  }

  private static String bytes(double b) {
    return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", b / (1 << 20))
        : b >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KB", b / (1 << 10))
        : String.format(Locale.ROOT, "%.0f B", b);
  }
}
