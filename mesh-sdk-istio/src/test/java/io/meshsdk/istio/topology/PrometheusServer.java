package io.meshsdk.istio.topology;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server on 127.0.0.1 and a free port, over a TSDB backfilled with {@code
 * promtool tsdb create-blocks-from openmetrics}. Needs the {@code prometheus} and {@code promtool}
 * binaries (Debian package {@code prometheus}); without them tests are skipped, except under
 * {@code CI=true}, where they fail.
 */
final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final String baseUrl;

  private PrometheusServer(Process process, Path dir, String baseUrl) {
    this.process = process;
    this.dir = dir;
    this.baseUrl = baseUrl;
  }

  /** Skips the calling test without Prometheus, or fails it on CI. */
  static void assumeInstalled() {
    if (binary("prometheus").isPresent() && binary("promtool").isPresent()) {
      return;
    }
    String message = "Prometheus is not installed (no prometheus or promtool on the PATH);"
        + " install it with: apt-get install prometheus";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    Assumptions.abort(message);
  }

  /**
   * Backfills the OpenMetrics text into a fresh TSDB and starts Prometheus on it.
   *
   * @param openMetrics the samples, ending with {@code # EOF}
   * @return the running server; close it to stop it and delete its data
   */
  static PrometheusServer start(String openMetrics) throws IOException, InterruptedException {
    assumeInstalled();
    Path dir = Files.createTempDirectory("meshsdk-prometheus");
    Path input = Files.writeString(dir.resolve("samples.om.txt"), openMetrics);
    Path data = Files.createDirectory(dir.resolve("data"));
    Process promtool = new ProcessBuilder(binary("promtool").orElseThrow().toString(), "tsdb",
        "create-blocks-from", "openmetrics", input.toString(), data.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("promtool.log").toFile())
        .start();
    if (!promtool.waitFor(120, TimeUnit.SECONDS) || promtool.exitValue() != 0) {
      promtool.destroyForcibly();
      throw new IllegalStateException("promtool failed:\n" + Files.readString(dir.resolve("promtool.log")));
    }
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
    int port = freePort();
    Process prometheus = new ProcessBuilder(binary("prometheus").orElseThrow().toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + data,
        "--storage.tsdb.retention.time=3650d",
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    PrometheusServer server = new PrometheusServer(prometheus, dir, "http://127.0.0.1:" + port);
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest ready = HttpRequest.newBuilder(URI.create(server.baseUrl + "/-/ready"))
          .timeout(Duration.ofSeconds(2)).build();
      await("Prometheus ready on port " + port)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .failFast("Prometheus exited", () -> !prometheus.isAlive())
          .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    } catch (RuntimeException | Error e) {
      String log = Files.readString(dir.resolve("prometheus.log"));
      server.close();
      throw new IllegalStateException("Prometheus did not become ready:\n" + log, e);
    }
    return server;
  }

  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Optional<Path> binary(String name) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      Path file = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }
}
