package io.meshsdk.testing.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what the reliability tests observed, case by case, into {@code
 * target/reliability/<section>.tsv}, from which {@link ReliabilityReportIT} writes the tables of
 * docs/reliability.md.
 */
final class ReliabilityReport {
  static final Path FOLDER = Path.of("target", "reliability");

  private ReliabilityReport() {}

  /**
   * Records the cases of one section: each row is {@code what|where|outcome}; rows with the same
   * first two columns and outcome are counted together.
   */
  static void record(String section, List<String> rows) {
    Map<String, Integer> counted = new LinkedHashMap<>();
    for (String row : rows) {
      counted.merge(row, 1, Integer::sum);
    }
    List<String> lines = new ArrayList<>();
    counted.forEach((row, n) -> lines.add(row + "|" + n));
    try {
      Files.createDirectories(FOLDER);
      Files.write(FOLDER.resolve(section + ".tsv"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the reliability cases of " + section, e);
    }
  }
}
