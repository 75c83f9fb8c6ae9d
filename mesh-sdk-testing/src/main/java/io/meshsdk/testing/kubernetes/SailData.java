package io.meshsdk.testing.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the Sail operator's CRDs ({@code sailoperator.io_*.yaml}) that real API servers install
 * with {@link RealApiServers.Builder#sailCrds(boolean)}. The folder is named by the system
 * property {@value #PROPERTY}, by default {@value #DEFAULT_DIR} resolved against the working
 * directory, the same way as Istio's reference data.
 *
 * @since 0.2.0
 */
public final class SailData {

  /** The system property naming the folder that holds the Sail CRDs. */
  public static final String PROPERTY = "meshsdk.sail.data";

  /** The folder used when {@value #PROPERTY} is not set, relative to the working directory. */
  public static final String DEFAULT_DIR = "../shared/sail-operator";

  private SailData() {}

  /**
   * The folder holding the Sail CRDs.
   *
   * @return the absolute, normalized folder; it may not exist
   */
  public static Path dir() {
    String configured = System.getProperty(PROPERTY);
    String dir = configured == null || configured.isBlank() ? DEFAULT_DIR : configured;
    return Path.of(dir).toAbsolutePath().normalize();
  }

  /**
   * The CRD files in {@link #dir()}, ordered by name.
   *
   * @return the files; empty when the folder is absent
   */
  public static List<Path> crds() {
    if (!Files.isDirectory(dir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir())) {
      return files.filter(f -> f.getFileName().toString().startsWith("sailoperator.io_")
              && f.getFileName().toString().endsWith(".yaml"))
          .sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir(), e);
    }
  }

  /**
   * Skips the calling test when the Sail CRDs are absent, naming what to provide; under {@code
   * CI=true} fails it instead.
   */
  public static void requirePresent() {
    requirePresent("true".equals(System.getenv("CI")));
  }

  static void requirePresent(boolean ci) {
    if (crds().stream().noneMatch(f -> f.getFileName().toString().equals("sailoperator.io_istios.yaml"))) {
      String message = "the Sail operator CRDs were not found in " + dir() + "; set -D" + PROPERTY
          + "=<folder holding sailoperator.io_istios.yaml and the other sailoperator.io_*.yaml files from the"
          + " chart/crds folder of istio-ecosystem/sail-operator>, or provide them at " + DEFAULT_DIR
          + " relative to the working directory";
      if (ci) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
  }
}
