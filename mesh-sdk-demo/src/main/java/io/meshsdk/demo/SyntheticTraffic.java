package io.meshsdk.demo;

import io.meshsdk.topology.Protocol;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Declared traffic between workloads, served as Istio's standard metrics would show it, so that
 * {@code mesh.topology().read(query)} can be tested without a cluster, an Istio or a Prometheus.
 *
 * <pre>{@code
 * Workload productpage = Workload.of("east", "bookinfo", "productpage-v1")
 *     .app("productpage").version("v1").service("productpage");
 * Workload reviewsV2 = Workload.of("east", "bookinfo", "reviews-v2")
 *     .app("reviews").version("v2").service("reviews");
 *
 * SyntheticTraffic traffic = SyntheticTraffic.builder()
 *     .call(Workload.unknown(), productpage, c -> c.http(20).latency(5, 20, 40))
 *     .call(productpage, reviewsV2, c -> c.http(10).errors(0.04, 503).latency(10, 60, 180))
 *     .build();
 *
 * MeshManager meshes = MeshManager.builder().telemetry(traffic.telemetrySource()).build();
 * }</pre>
 *
 * <p>Each call becomes the series Istio's proxies report: {@code istio_requests_total} per
 * response code (and gRPC status), {@code istio_request_duration_milliseconds_bucket} for calls
 * with a latency, {@code istio_tcp_sent_bytes_total} and {@code istio_tcp_received_bytes_total}
 * for TCP, with Istio's labels ({@code reporter}, {@code source_workload}, {@code
 * source_workload_namespace}, {@code source_app}, {@code source_version}, {@code
 * source_canonical_service}, {@code source_canonical_revision}, {@code source_cluster}, the same
 * for {@code destination_*}, {@code destination_service}, {@code destination_service_name},
 * {@code destination_service_namespace}, {@code request_protocol}, {@code response_code}, {@code
 * grpc_response_status}, {@code response_flags}, {@code connection_security_policy}). The
 * destination's proxy reports every call; the source's proxy reports calls from workloads in the
 * mesh, with {@code connection_security_policy="unknown"} as Istio does. Every counter grows at
 * its declared rate, so {@code rate()} over any window gives the rate back, and every histogram
 * has a bucket at each point of every declared {@link LatencyDistribution}, so {@code
 * histogram_quantile} gives back the declared percentiles, exactly, also when calls add up.
 *
 * <p>The {@link SyntheticTelemetrySource} evaluates the PromQL it is sent rather than matching
 * strings: the Istio backend's three topology queries, whatever their filters and graph kind.
 * A query it cannot evaluate fails with an exception naming it, never with an empty answer.
 *
 * <p>Usable in production code: a console's demo mode can show a live-looking topology without
 * a Prometheus, and nothing here needs a test library. {@code mesh-sdk-testing} depends on this
 * module, so tests use the same classes.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Not final only so that the deprecated class of the same name in {@code mesh-sdk-testing}
 * can extend it; extend it nowhere else.
 *
 * @since 0.2.0 in {@code io.meshsdk.demo}; in {@code io.meshsdk.testing} since 0.1.0
 */
public class SyntheticTraffic {
  static final String REQUESTS = "istio_requests_total";
  static final String DURATION_BUCKETS = "istio_request_duration_milliseconds_bucket";
  static final String TCP_SENT = "istio_tcp_sent_bytes_total";
  static final String TCP_RECEIVED = "istio_tcp_received_bytes_total";
  static final Set<String> METRICS = Set.of(REQUESTS, DURATION_BUCKETS, TCP_SENT, TCP_RECEIVED);

  private final List<Call> calls;
  private final String trustDomain;
  private final List<Series> series;

  private SyntheticTraffic(List<Call> calls, String trustDomain) {
    this.calls = List.copyOf(calls);
    this.trustDomain = trustDomain;
    this.series = List.copyOf(generate());
  }

  /**
   * A copy of other traffic, for subclasses.
   *
   * @param traffic the traffic to copy
   * @since 0.2.0
   */
  protected SyntheticTraffic(SyntheticTraffic traffic) {
    this.calls = traffic.calls;
    this.trustDomain = traffic.trustDomain;
    this.series = traffic.series;
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

  /**
   * The calls, in the order declared.
   *
   * @return the calls
   */
  public List<Call> calls() {
    return calls;
  }

  /**
   * A telemetry source that answers with this traffic. Give it to {@code
   * MeshManager.builder().telemetry(...)}, or in tests to {@code
   * MeshExtension.builder().configure(b -> b.telemetry(...))}.
   *
   * @return a new source serving this traffic
   */
  public SyntheticTelemetrySource telemetrySource() {
    return SyntheticTelemetrySource.serving(this);
  }

  /** Every series, as Prometheus would store them, with their rate of growth per second. */
  List<Series> series() {
    return series;
  }

  @Override
  public String toString() {
    return "SyntheticTraffic[" + calls.size() + " calls, " + series.size() + " series]";
  }

  // ---- series ---------------------------------------------------------------------------------

  /** One counter: its metric, its labels and how fast it grows. */
  record Series(String metric, Map<String, String> labels, double ratePerSecond) {}

  private List<Series> generate() {
    TreeSet<Double> bounds = new TreeSet<>();
    for (Call call : calls) {
      call.latency().ifPresent(l -> bounds.addAll(l.points()));
    }
    List<Series> out = new ArrayList<>();
    for (Call call : calls) {
      for (String reporter : call.source().isUnknown() ? List.of("destination") : List.of("destination", "source")) {
        Map<String, String> base = labels(call, reporter);
        if (call.protocol() == Protocol.TCP) {
          Map<String, String> tcp = new HashMap<>(base);
          tcp.put("request_protocol", "tcp");
          tcp.put("response_flags", "-");
          if (call.tcpSentBytesPerSecond() > 0) {
            out.add(new Series(TCP_SENT, Map.copyOf(tcp), call.tcpSentBytesPerSecond()));
          }
          if (call.tcpReceivedBytesPerSecond() > 0) {
            out.add(new Series(TCP_RECEIVED, Map.copyOf(tcp), call.tcpReceivedBytesPerSecond()));
          }
          continue;
        }
        boolean grpc = call.protocol() == Protocol.GRPC;
        for (Map.Entry<Integer, Double> response : call.responses().entrySet()) {
          double rate = call.requestsPerSecond() * response.getValue();
          if (!(rate > 0)) {
            continue;
          }
          Map<String, String> labels = new HashMap<>(base);
          labels.put("request_protocol", grpc ? "grpc" : "http");
          labels.put("response_code", grpc ? "200" : String.valueOf(response.getKey()));
          if (grpc) {
            labels.put("grpc_response_status", String.valueOf(response.getKey()));
          }
          labels.put("response_flags", response.getKey() == 0 && !grpc ? "UC" : "-");
          out.add(new Series(REQUESTS, Map.copyOf(labels), rate));
          if (call.latency().isPresent()) {
            LatencyDistribution latency = call.latency().get();
            for (double bound : bounds) {
              Map<String, String> bucket = new HashMap<>(labels);
              bucket.put("le", le(bound));
              out.add(new Series(DURATION_BUCKETS, Map.copyOf(bucket), rate * latency.shareAtMost(bound)));
            }
            Map<String, String> inf = new HashMap<>(labels);
            inf.put("le", "+Inf");
            out.add(new Series(DURATION_BUCKETS, Map.copyOf(inf), rate));
          }
        }
      }
    }
    return out;
  }

  /** A bucket bound as Prometheus prints it: {@code 0.5}, {@code 25}, {@code 2500}. */
  static String le(double bound) {
    return BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }

  private Map<String, String> labels(Call call, String reporter) {
    Map<String, String> labels = new HashMap<>();
    labels.put("reporter", reporter);
    Workload s = call.source();
    Workload d = call.destination();
    labels.put("source_cluster", s.cluster());
    labels.put("source_workload", s.name());
    labels.put("source_workload_namespace", s.namespace());
    labels.put("source_app", s.app().orElse(Workload.UNKNOWN));
    labels.put("source_version", s.version().orElse(Workload.UNKNOWN));
    labels.put("source_canonical_service", s.isUnknown() ? Workload.UNKNOWN : s.app().orElse(s.name()));
    labels.put("source_canonical_revision", s.isUnknown() ? Workload.UNKNOWN : s.version().orElse("latest"));
    labels.put("source_principal", s.isUnknown() || !call.mtls() ? Workload.UNKNOWN : principal(s));
    labels.put("destination_cluster", d.cluster());
    labels.put("destination_workload", d.name());
    labels.put("destination_workload_namespace", d.namespace());
    labels.put("destination_app", d.app().orElse(Workload.UNKNOWN));
    labels.put("destination_version", d.version().orElse(Workload.UNKNOWN));
    labels.put("destination_canonical_service", d.app().orElse(d.name()));
    labels.put("destination_canonical_revision", d.version().orElse("latest"));
    labels.put("destination_principal", call.mtls() ? principal(d) : Workload.UNKNOWN);
    labels.put("destination_service", d.service()
        .map(svc -> svc + "." + d.namespace() + ".svc.cluster.local").orElse(Workload.UNKNOWN));
    labels.put("destination_service_name", d.service().orElse(Workload.UNKNOWN));
    labels.put("destination_service_namespace", d.service().isPresent() ? d.namespace() : Workload.UNKNOWN);
    // Istio's client-side proxy cannot tell how the connection was secured
    labels.put("connection_security_policy",
        reporter.equals("source") ? Workload.UNKNOWN : call.mtls() ? "mutual_tls" : "none");
    return labels;
  }

  private String principal(Workload workload) {
    return "spiffe://" + trustDomain + "/ns/" + workload.namespace() + "/sa/"
        + workload.app().orElse(workload.name());
  }

  // ---- workloads ------------------------------------------------------------------------------

  /**
   * One end of a call: a workload (a Deployment, for example) in a namespace on a cluster, with
   * its {@code app} and {@code version} labels and the service it is called through; or the
   * unknown caller outside the mesh.
   *
   * <p>Immutable: {@link #app(String)}, {@link #version(String)} and {@link #service(String)}
   * return changed copies.
   *
   * @since 0.2.0
   */
  public static class Workload {
    static final String UNKNOWN = "unknown";
    private static final Workload UNKNOWN_CALLER = new Workload(UNKNOWN, UNKNOWN, UNKNOWN, null, null, null, true);

    private final String cluster;
    private final String namespace;
    private final String name;
    private final String app;
    private final String version;
    private final String service;
    private final boolean unknown;

    /**
     * A copy of another workload, for subclasses.
     *
     * @param workload the workload to copy
     * @since 0.2.0
     */
    protected Workload(Workload workload) {
      this(workload.cluster, workload.namespace, workload.name, workload.app, workload.version, workload.service,
          workload.unknown);
    }

    private Workload(String cluster, String namespace, String name, String app, String version, String service,
        boolean unknown) {
      this.cluster = cluster;
      this.namespace = namespace;
      this.name = name;
      this.app = app;
      this.version = version;
      this.service = service;
      this.unknown = unknown;
    }

    /**
     * A workload without {@code app} and {@code version} labels and without a service; add them
     * with the withers.
     *
     * @param cluster the cluster's name
     * @param namespace the namespace
     * @param name the workload's name, such as {@code reviews-v2}
     * @return the workload
     */
    public static Workload of(String cluster, String namespace, String name) {
      return new Workload(label("cluster", cluster), label("namespace", namespace), label("name", name),
          null, null, null, false);
    }

    /**
     * The caller Istio cannot identify: a client without a sidecar. It can only call, and never
     * over mutual TLS; only the destination's proxy reports its calls.
     *
     * @return the unknown caller
     */
    public static Workload unknown() {
      return UNKNOWN_CALLER;
    }

    /**
     * Returns a copy with an {@code app} label, which Istio also takes as the canonical service.
     *
     * @param app the application, such as {@code reviews}
     * @return the changed copy
     */
    public Workload app(String app) {
      known();
      return new Workload(cluster, namespace, name, label("app", app), version, service, false);
    }

    /**
     * Returns a copy with a {@code version} label, which Istio also takes as the canonical
     * revision.
     *
     * @param version the version, such as {@code v2}
     * @return the changed copy
     */
    public Workload version(String version) {
      known();
      return new Workload(cluster, namespace, name, app, label("version", version), service, false);
    }

    /**
     * Returns a copy called through a Kubernetes service of its namespace.
     *
     * @param service the service's name, such as {@code reviews}
     * @return the changed copy
     */
    public Workload service(String service) {
      known();
      return new Workload(cluster, namespace, name, app, version, label("service", service), false);
    }

    /**
     * The cluster.
     *
     * @return its name; {@code unknown} for the unknown caller
     */
    public String cluster() {
      return cluster;
    }

    /**
     * The namespace.
     *
     * @return the namespace; {@code unknown} for the unknown caller
     */
    public String namespace() {
      return namespace;
    }

    /**
     * The workload's name.
     *
     * @return the name; {@code unknown} for the unknown caller
     */
    public String name() {
      return name;
    }

    /**
     * The {@code app} label.
     *
     * @return the application, if set
     */
    public Optional<String> app() {
      return Optional.ofNullable(app);
    }

    /**
     * The {@code version} label.
     *
     * @return the version, if set
     */
    public Optional<String> version() {
      return Optional.ofNullable(version);
    }

    /**
     * The service it is called through.
     *
     * @return the service's name, if set
     */
    public Optional<String> service() {
      return Optional.ofNullable(service);
    }

    /**
     * Whether this is the caller outside the mesh.
     *
     * @return {@code true} for {@link #unknown()}
     */
    public boolean isUnknown() {
      return unknown;
    }

    private void known() {
      if (unknown) {
        throw new IllegalStateException("the unknown caller has no labels or service");
      }
    }

    private static String label(String what, String value) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Workload)) {
        return false;
      }
      Workload w = (Workload) other;
      return unknown == w.unknown && cluster.equals(w.cluster) && namespace.equals(w.namespace)
          && name.equals(w.name) && Objects.equals(app, w.app) && Objects.equals(version, w.version)
          && Objects.equals(service, w.service);
    }

    @Override
    public int hashCode() {
      return Objects.hash(cluster, namespace, name, app, version, service, unknown);
    }

    @Override
    public String toString() {
      return unknown ? UNKNOWN : cluster + "/" + namespace + "/" + name;
    }
  }

  // ---- calls ----------------------------------------------------------------------------------

  /**
   * Traffic of one protocol from one workload to another: its rate, the share of each response
   * code, how long requests take, whether it uses mutual TLS. Build one through {@link
   * SyntheticTraffic.Builder#call(Workload, Workload, Consumer)}.
   *
   * @since 0.2.0
   */
  public static final class Call {
    private final Workload source;
    private final Workload destination;
    private final Protocol protocol;
    private final double requestsPerSecond;
    private final Map<Integer, Double> responses;
    private final LatencyDistribution latency;
    private final boolean mtls;
    private final double tcpSent;
    private final double tcpReceived;

    private Call(Workload source, Workload destination, Builder b) {
      this.source = source;
      this.destination = destination;
      this.protocol = b.protocol;
      this.requestsPerSecond = b.requestsPerSecond;
      this.latency = b.latency;
      this.mtls = b.mtls != null ? b.mtls : !source.isUnknown();
      this.tcpSent = b.tcpSent;
      this.tcpReceived = b.tcpReceived;
      Map<Integer, Double> responses = new LinkedHashMap<>();
      if (protocol != Protocol.TCP) {
        double rest = 1 - b.shares.values().stream().mapToDouble(Double::doubleValue).sum();
        responses.put(protocol == Protocol.GRPC ? 0 : 200, Math.max(0, rest));
        b.shares.forEach((code, share) -> responses.merge(code, share, Double::sum));
      }
      this.responses = Collections.unmodifiableMap(responses);
    }

    /**
     * The caller.
     *
     * @return the calling workload
     */
    public Workload source() {
      return source;
    }

    /**
     * The called workload.
     *
     * @return the called workload
     */
    public Workload destination() {
      return destination;
    }

    /**
     * The protocol.
     *
     * @return the protocol
     */
    public Protocol protocol() {
      return protocol;
    }

    /**
     * Requests per second.
     *
     * @return 0 for TCP
     */
    public double requestsPerSecond() {
      return requestsPerSecond;
    }

    /**
     * The share of requests answered with each code: HTTP status codes for HTTP, gRPC statuses
     * for gRPC; the success code ({@code 200} or {@code 0}) gets what the others leave.
     *
     * @return shares by code, the success code first; empty for TCP
     */
    public Map<Integer, Double> responses() {
      return responses;
    }

    /**
     * How long requests take.
     *
     * @return the distribution; absent when none was declared, and then no durations are reported
     */
    public Optional<LatencyDistribution> latency() {
      return Optional.ofNullable(latency);
    }

    /**
     * Whether the traffic uses Istio mutual TLS.
     *
     * @return {@code true} unless declared otherwise or from the unknown caller
     */
    public boolean mtls() {
      return mtls;
    }

    /**
     * Bytes per second the TCP caller sends.
     *
     * @return bytes per second; 0 for HTTP and gRPC
     */
    public double tcpSentBytesPerSecond() {
      return tcpSent;
    }

    /**
     * Bytes per second the TCP caller receives.
     *
     * @return bytes per second; 0 for HTTP and gRPC
     */
    public double tcpReceivedBytesPerSecond() {
      return tcpReceived;
    }

    @Override
    public String toString() {
      return source + " -> " + destination + " " + protocol.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Declares one call: a protocol with its rate first, then errors, latency and TLS.
     *
     * <pre>{@code
     * c -> c.http(10).errors(0.04, 503).latency(10, 60, 180)
     * c -> c.grpc(4).errors(0.125, 14).latency(2, 5, 9)
     * c -> c.tcp(1024, 4096).plaintext()
     * }</pre>
     *
     * @since 0.2.0
     */
    public static final class Builder {
      private Protocol protocol;
      private double requestsPerSecond;
      private final Map<Integer, Double> shares = new LinkedHashMap<>();
      private final List<String> problems = new ArrayList<>();
      private LatencyDistribution latency;
      private Boolean mtls;
      private double tcpSent;
      private double tcpReceived;

      Builder() {}

      /**
       * HTTP requests at a rate.
       *
       * @param requestsPerSecond above 0
       * @return this builder
       */
      public Builder http(double requestsPerSecond) {
        return requests(Protocol.HTTP, requestsPerSecond);
      }

      /**
       * gRPC calls at a rate.
       *
       * @param requestsPerSecond above 0
       * @return this builder
       */
      public Builder grpc(double requestsPerSecond) {
        return requests(Protocol.GRPC, requestsPerSecond);
      }

      /**
       * TCP connections moving bytes.
       *
       * @param sentBytesPerSecond what the caller sends, at least 0
       * @param receivedBytesPerSecond what the caller receives, at least 0; not both 0
       * @return this builder
       */
      public Builder tcp(double sentBytesPerSecond, double receivedBytesPerSecond) {
        protocol(Protocol.TCP);
        if (!(sentBytesPerSecond >= 0) || !(receivedBytesPerSecond >= 0)
            || Double.isInfinite(sentBytesPerSecond + receivedBytesPerSecond)
            || sentBytesPerSecond + receivedBytesPerSecond == 0) {
          problems.add("tcp bytes per second must be finite, at least 0 and not both 0, but were "
              + sentBytesPerSecond + " sent and " + receivedBytesPerSecond + " received");
        }
        tcpSent = sentBytesPerSecond;
        tcpReceived = receivedBytesPerSecond;
        return this;
      }

      /**
       * A share of the requests fails, split evenly over the codes: HTTP statuses 5xx, or 0 for
       * no response (a reset connection); gRPC statuses other than 0 (OK).
       *
       * @param share 0 to 1
       * @param codes the codes; {@code 500} for HTTP and {@code 14} (UNAVAILABLE) for gRPC when
       *     none are given
       * @return this builder
       */
      public Builder errors(double share, int... codes) {
        int[] chosen = codes.length > 0 ? codes : new int[] {protocol == Protocol.GRPC ? 14 : 500};
        for (int code : chosen) {
          boolean error = protocol == Protocol.GRPC ? code != 0 : code == 0 || (code >= 500 && code <= 599);
          if (!error) {
            problems.add("errors are " + (protocol == Protocol.GRPC ? "gRPC statuses other than 0" : "HTTP 5xx or 0")
                + ", but " + code + " was given; declare other codes with responses(share, codes)");
          }
        }
        return responses(share, chosen);
      }

      /**
       * A share of the requests is answered with these codes, split evenly; the reader counts
       * them as errors or not by its own rules (for example HTTP 404 is not an error).
       *
       * @param share 0 to 1
       * @param codes HTTP statuses for HTTP, gRPC statuses for gRPC; at least one
       * @return this builder
       */
      public Builder responses(double share, int... codes) {
        if (protocol == null || protocol == Protocol.TCP) {
          problems.add("response codes need http(rate) or grpc(rate) first");
          return this;
        }
        if (codes.length == 0) {
          problems.add("responses(share, codes) needs at least one code");
          return this;
        }
        if (!(share >= 0 && share <= 1)) {
          problems.add("a share of responses must be between 0 and 1, but was " + share);
          return this;
        }
        for (int code : codes) {
          shares.merge(code, share / codes.length, Double::sum);
        }
        return this;
      }

      /**
       * Requests take this long.
       *
       * @param p50Millis the median
       * @param p95Millis the 95th percentile
       * @param p99Millis the 99th percentile
       * @return this builder
       * @see LatencyDistribution#percentiles(double, double, double)
       */
      public Builder latency(double p50Millis, double p95Millis, double p99Millis) {
        try {
          return latency(LatencyDistribution.percentiles(p50Millis, p95Millis, p99Millis));
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
          return this;
        }
      }

      /**
       * Requests take this long.
       *
       * @param distribution the distribution of durations
       * @return this builder
       */
      public Builder latency(LatencyDistribution distribution) {
        this.latency = Objects.requireNonNull(distribution, "distribution");
        return this;
      }

      /**
       * Sets whether the traffic uses Istio mutual TLS; it does by default, unless the caller is
       * {@link Workload#unknown()}.
       *
       * @param mtls whether it does
       * @return this builder
       */
      public Builder mtls(boolean mtls) {
        this.mtls = mtls;
        return this;
      }

      /**
       * The traffic goes in plain text, without mutual TLS.
       *
       * @return this builder
       */
      public Builder plaintext() {
        return mtls(false);
      }

      private Builder requests(Protocol protocol, double requestsPerSecond) {
        protocol(protocol);
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
          problems.add("requestsPerSecond must be a finite number above 0, but was " + requestsPerSecond);
        }
        this.requestsPerSecond = requestsPerSecond;
        return this;
      }

      private void protocol(Protocol protocol) {
        if (this.protocol != null && this.protocol != protocol) {
          problems.add("a call has one protocol, but both " + this.protocol + " and " + protocol
              + " were declared; declare one call per protocol");
        }
        this.protocol = protocol;
      }

      Call build(Workload source, Workload destination) {
        List<String> all = new ArrayList<>(problems);
        if (protocol == null) {
          all.add("no protocol: start with http(rate), grpc(rate) or tcp(sent, received)");
        }
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total > 1 + 1e-9) {
          all.add("the shares of errors and responses add up to " + total + ", more than 1");
        }
        if (protocol == Protocol.TCP && latency != null) {
          all.add("TCP connections have no request latency");
        }
        if (destination.isUnknown()) {
          all.add("the unknown caller cannot be called");
        }
        if (source.isUnknown() && Boolean.TRUE.equals(mtls)) {
          all.add("a caller without a sidecar cannot use Istio mutual TLS");
        }
        if (!all.isEmpty()) {
          throw new IllegalArgumentException("invalid call " + source + " -> " + destination + ": "
              + String.join("; ", all));
        }
        return new Call(source, destination, this);
      }
    }
  }

  /**
   * Builds {@link SyntheticTraffic}.
   *
   * @since 0.2.0
   */
  public static class Builder {
    private final List<Call> calls = new ArrayList<>();
    private String trustDomain = "cluster.local";

    /** Creates a builder; {@link SyntheticTraffic#builder()} does. */
    protected Builder() {}

    /**
     * Declares a call.
     *
     * @param from the caller
     * @param to the called workload
     * @param call its protocol and rate, then errors, latency and TLS
     * @return this builder
     * @throws IllegalArgumentException listing every problem of the call
     */
    public Builder call(Workload from, Workload to, Consumer<Call.Builder> call) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Call.Builder builder = new Call.Builder();
      call.accept(builder);
      calls.add(builder.build(from, to));
      return this;
    }

    /**
     * Sets the SPIFFE trust domain of the workloads' principals.
     *
     * @param trustDomain {@code cluster.local} unless set
     * @return this builder
     */
    public Builder trustDomain(String trustDomain) {
      this.trustDomain = Objects.requireNonNull(trustDomain, "trustDomain");
      return this;
    }

    /**
     * Creates the traffic.
     *
     * @return the traffic
     * @throws IllegalArgumentException if a call between the same workloads over the same
     *     protocol is declared twice
     */
    public SyntheticTraffic build() {
      Set<String> seen = new HashSet<>();
      for (Call call : calls) {
        if (!seen.add(call.source() + " -> " + call.destination() + " " + call.protocol())) {
          throw new IllegalArgumentException("the call " + call
              + " is declared twice; declare each pair of workloads once per protocol");
        }
      }
      return new SyntheticTraffic(calls, trustDomain);
    }
  }
}
