package io.meshsdk.testing;

/**
 * A telemetry source that answers PromQL from synthetic traffic; see {@link
 * io.meshsdk.demo.SyntheticTelemetrySource}, which this class only narrows to its own type so
 * that code written against {@code io.meshsdk.testing} keeps compiling.
 *
 * @since 0.1.0
 * @deprecated since 0.2.0: use {@link io.meshsdk.demo.SyntheticTelemetrySource} from {@code
 *     io.meshsdk:mesh-sdk-demo}, in tests and in production code alike; it needs no test library.
 */
@Deprecated(since = "0.2.0")
public final class SyntheticTelemetrySource extends io.meshsdk.demo.SyntheticTelemetrySource {

  private SyntheticTelemetrySource(io.meshsdk.demo.SyntheticTraffic traffic) {
    super(traffic);
  }

  /**
   * A source serving traffic; the same as {@link SyntheticTraffic#telemetrySource()}.
   *
   * @param traffic the traffic
   * @return a new source
   */
  public static SyntheticTelemetrySource serving(io.meshsdk.demo.SyntheticTraffic traffic) {
    return new SyntheticTelemetrySource(traffic);
  }

  @Override
  public SyntheticTelemetrySource serve(io.meshsdk.demo.SyntheticTraffic traffic) {
    super.serve(traffic);
    return this;
  }
}
