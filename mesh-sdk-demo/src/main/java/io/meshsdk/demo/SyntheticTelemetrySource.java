package io.meshsdk.demo;

import io.meshsdk.spi.TelemetrySource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TelemetrySource} that answers PromQL from {@link SyntheticTraffic} instead of a
 * Prometheus: the same series at every instant, since every declared rate is constant. It keeps
 * the queries it was sent, and the traffic it serves can be replaced, so that one source set up
 * with the manager serves a different scenario in each test:
 *
 * <pre>{@code
 * SyntheticTelemetrySource telemetry = SyntheticTraffic.none().telemetrySource();
 * MeshManager meshes = MeshManager.builder().telemetry(telemetry).build();
 * ...
 * telemetry.serve(canaryFailing);
 * TopologyGraph graph = mesh.topology().read(TopologyQuery.lastMinutes(5));
 * assertThat(telemetry.queries()).hasSize(3);
 * }</pre>
 *
 * <p>A query it cannot evaluate (an unknown metric or function) throws an {@link
 * IllegalArgumentException} naming the query and where it stopped; it is never answered with
 * nothing. Thread-safe.
 *
 * <p>Not final only so that the deprecated class of the same name in {@code mesh-sdk-testing}
 * can extend it; extend it nowhere else.
 *
 * @since 0.2.0 in {@code io.meshsdk.demo}; in {@code io.meshsdk.testing} since 0.1.0
 */
public class SyntheticTelemetrySource implements TelemetrySource {
  private volatile SyntheticTraffic traffic;
  private final List<String> queries = new CopyOnWriteArrayList<>();

  /**
   * A source serving traffic, for subclasses; others call {@link #serving(SyntheticTraffic)}.
   *
   * @param traffic the traffic
   * @since 0.2.0
   */
  protected SyntheticTelemetrySource(SyntheticTraffic traffic) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
  }

  /**
   * A source serving traffic; the same as {@link SyntheticTraffic#telemetrySource()}.
   *
   * @param traffic the traffic
   * @return a new source
   */
  public static SyntheticTelemetrySource serving(SyntheticTraffic traffic) {
    return new SyntheticTelemetrySource(Objects.requireNonNull(traffic, "traffic"));
  }

  /**
   * Serves other traffic from now on.
   *
   * @param traffic the traffic
   * @return this source
   */
  public SyntheticTelemetrySource serve(SyntheticTraffic traffic) {
    this.traffic = Objects.requireNonNull(traffic, "traffic");
    return this;
  }

  /**
   * The traffic served now.
   *
   * @return the traffic
   */
  public SyntheticTraffic traffic() {
    return traffic;
  }

  /**
   * The queries answered or refused so far, oldest first.
   *
   * @return the PromQL expressions
   */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  /**
   * Evaluates a query on the served traffic.
   *
   * @param expression the PromQL
   * @param at ignored: the rates are the same at every instant
   * @return one sample per resulting series
   * @throws IllegalArgumentException if the query uses a metric or a function the synthetic
   *     traffic does not have, naming the query
   */
  @Override
  public List<Sample> query(String expression, Instant at) {
    Objects.requireNonNull(expression, "expression");
    queries.add(expression);
    return SyntheticPromQl.evaluate(expression, traffic.series());
  }

  @Override
  public String toString() {
    return "SyntheticTelemetrySource[" + traffic + ", " + queries.size() + " queries answered]";
  }
}
