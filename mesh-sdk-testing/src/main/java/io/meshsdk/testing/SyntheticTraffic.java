package io.meshsdk.testing;

import java.util.function.Consumer;

/**
 * Declared traffic between workloads, served as Istio's standard metrics would show it; see
 * {@link io.meshsdk.demo.SyntheticTraffic}, which this class only narrows to its own types so
 * that code written against {@code io.meshsdk.testing} keeps compiling.
 *
 * @since 0.1.0
 * @deprecated since 0.2.0: use {@link io.meshsdk.demo.SyntheticTraffic} from {@code
 *     io.meshsdk:mesh-sdk-demo}, in tests and in production code alike; it needs no test library.
 */
@Deprecated(since = "0.2.0")
public final class SyntheticTraffic extends io.meshsdk.demo.SyntheticTraffic {

  private SyntheticTraffic(io.meshsdk.demo.SyntheticTraffic traffic) {
    super(traffic);
  }

  /**
   * Starts declaring traffic.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * No traffic at all: every query is answered, with no series.
   *
   * @return empty traffic
   */
  public static SyntheticTraffic none() {
    return builder().build();
  }

  @Override
  public SyntheticTelemetrySource telemetrySource() {
    return SyntheticTelemetrySource.serving(this);
  }

  /**
   * A workload that takes part in calls; see {@link io.meshsdk.demo.SyntheticTraffic.Workload}.
   *
   * @deprecated since 0.2.0: use {@link io.meshsdk.demo.SyntheticTraffic.Workload}
   */
  @Deprecated(since = "0.2.0")
  public static final class Workload extends io.meshsdk.demo.SyntheticTraffic.Workload {
    private Workload(io.meshsdk.demo.SyntheticTraffic.Workload workload) {
      super(workload);
    }

    /**
     * A workload without {@code app} and {@code version} labels and without a service.
     *
     * @param cluster the cluster's name
     * @param namespace the namespace
     * @param name the workload's name, such as {@code reviews-v2}
     * @return the workload
     */
    public static Workload of(String cluster, String namespace, String name) {
      return new Workload(io.meshsdk.demo.SyntheticTraffic.Workload.of(cluster, namespace, name));
    }

    /**
     * The caller Istio cannot identify: a client without a sidecar.
     *
     * @return the unknown caller
     */
    public static Workload unknown() {
      return new Workload(io.meshsdk.demo.SyntheticTraffic.Workload.unknown());
    }

    @Override
    public Workload app(String app) {
      return new Workload(super.app(app));
    }

    @Override
    public Workload version(String version) {
      return new Workload(super.version(version));
    }

    @Override
    public Workload service(String service) {
      return new Workload(super.service(service));
    }
  }

  /** Builds {@link SyntheticTraffic}. */
  @Deprecated(since = "0.2.0")
  public static final class Builder extends io.meshsdk.demo.SyntheticTraffic.Builder {
    Builder() {}

    @Override
    public Builder call(io.meshsdk.demo.SyntheticTraffic.Workload from, io.meshsdk.demo.SyntheticTraffic.Workload to,
        Consumer<io.meshsdk.demo.SyntheticTraffic.Call.Builder> call) {
      super.call(from, to, call);
      return this;
    }

    @Override
    public Builder trustDomain(String trustDomain) {
      super.trustDomain(trustDomain);
      return this;
    }

    @Override
    public SyntheticTraffic build() {
      return new SyntheticTraffic(super.build());
    }
  }
}
