package io.meshsdk.istio.kubernetes;

import io.meshsdk.ValidationException;
import io.meshsdk.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the Kubernetes connector talks to one cluster: client-side rate limit, timeouts, page size
 * of lists, write strategy, and whether a kubeconfig Secret may run commands. Set defaults for every cluster and override them per cluster on
 * {@link KubernetesClusterConnector.Builder}.
 *
 * <h2>Rate limits</h2>
 *
 * <p>The defaults follow what the Kubernetes clients themselves do today. client-go's {@code
 * rest.Config} still defaults to 5 requests per second with a burst of 10, a limit from before
 * the API server protected itself; kubectl raises it to 50 per second and a burst of 300 for
 * discovery, the part of its traffic that comes in bursts. Since API Priority and Fairness (on by
 * default since Kubernetes 1.20, GA in 1.29) the server queues each client's requests fairly and
 * answers 429 with {@code Retry-After} when it sheds load, and SIG API Machinery advises clients
 * to rely on that instead of a fixed client-side rate: controller-runtime turns its client-side
 * limiter off by default since 0.21, and Flux and cert-manager turn it off when the server
 * announces Priority and Fairness.
 *
 * <p>So, unless {@link Builder#qps(double)} or {@link Builder#burst(int)} is set, the connector
 * starts each cluster at kubectl's 50 requests per second with a burst of 300, and lifts that
 * limit once the API server's answers carry the {@code X-Kubernetes-PF-FlowSchema-UID} or {@code
 * X-Kubernetes-PF-PriorityLevel-UID} header of Priority and Fairness ({@link
 * #deferToServerFlowControl()}). The SDK's own concurrency stays bounded either way: a few
 * clusters at a time, and {@code MeshManagerBuilder.writesPerCluster} writes per cluster. A 429 is
 * retried after the server's {@code Retry-After} (the Status body's {@code retryAfterSeconds},
 * else the header), with backoff, whether or not the limit was lifted.
 *
 * @since 0.1.0
 */
public final class ClusterOptions {
  private final double qps;
  private final int burst;
  private final Duration requestTimeout;
  private final Duration connectTimeout;
  private final int listPageSize;
  private final WriteStrategy writeStrategy;
  private final boolean allowSecretKubeconfigCommands;
  private final boolean deferToServerFlowControl;

  private ClusterOptions(Builder b) {
    this.qps = b.qps;
    this.burst = b.burst;
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.listPageSize = b.listPageSize;
    this.writeStrategy = b.writeStrategy;
    this.allowSecretKubeconfigCommands = b.allowSecretKubeconfigCommands;
    this.deferToServerFlowControl = b.deferToServerFlowControl != null
        ? b.deferToServerFlowControl
        : !b.limitSet;
  }

  /**
   * Starts options with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults.
   *
   * @return options with every default
   */
  public static ClusterOptions defaults() {
    return builder().build();
  }

  /**
   * Requests per second, on average, that the SDK sends to the cluster, until the server shows it
   * runs Priority and Fairness when {@link #deferToServerFlowControl()}.
   *
   * @return 50 (kubectl's discovery rate) unless set
   */
  public double qps() {
    return qps;
  }

  /**
   * Requests the SDK may send at once before {@link #qps()} applies.
   *
   * @return 300 (kubectl's discovery burst) unless set
   */
  public int burst() {
    return burst;
  }

  /**
   * How long one request may take, from sending to the last byte of the answer.
   *
   * @return 30 seconds unless set
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * How long opening a connection may take.
   *
   * @return 10 seconds unless set
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How many objects one list request asks for; larger lists are read page by page.
   *
   * @return 500 unless set
   */
  public int listPageSize() {
    return listPageSize;
  }

  /**
   * How objects are written.
   *
   * @return {@link WriteStrategy#SERVER_SIDE_APPLY} unless set
   */
  public WriteStrategy writeStrategy() {
    return writeStrategy;
  }

  /**
   * Whether a kubeconfig read from a Secret of the Global Service Cluster may make the SDK run a
   * command: a user's {@code exec} credential plugin or an {@code auth-provider}'s {@code
   * cmd-path}. Kubeconfig files given by path are the platform's own and always may.
   *
   * @return {@code false} unless set
   * @since 0.2.0
   */
  public boolean allowSecretKubeconfigCommands() {
    return allowSecretKubeconfigCommands;
  }

  /**
   * Whether the client-side limit ({@link #qps()}, {@link #burst()}) is lifted once the API server
   * answers with the headers of API Priority and Fairness, leaving flow control to the server as
   * controller-runtime and Flux do. A 429 is still retried after its {@code Retry-After}.
   *
   * @return {@code true} unless the rate or burst was set, or this was set to {@code false}
   * @since 0.2.0
   */
  public boolean deferToServerFlowControl() {
    return deferToServerFlowControl;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClusterOptions)) {
      return false;
    }
    ClusterOptions other = (ClusterOptions) o;
    return Double.compare(qps, other.qps) == 0
        && burst == other.burst
        && requestTimeout.equals(other.requestTimeout)
        && connectTimeout.equals(other.connectTimeout)
        && listPageSize == other.listPageSize
        && writeStrategy == other.writeStrategy
        && allowSecretKubeconfigCommands == other.allowSecretKubeconfigCommands
        && deferToServerFlowControl == other.deferToServerFlowControl;
  }

  @Override
  public int hashCode() {
    return Objects.hash(qps, burst, requestTimeout, connectTimeout, listPageSize, writeStrategy,
        allowSecretKubeconfigCommands, deferToServerFlowControl);
  }

  @Override
  public String toString() {
    return "ClusterOptions{qps=" + qps + ", burst=" + burst + ", requestTimeout=" + requestTimeout
        + ", connectTimeout=" + connectTimeout + ", listPageSize=" + listPageSize
        + ", writeStrategy=" + writeStrategy
        + ", allowSecretKubeconfigCommands=" + allowSecretKubeconfigCommands
        + ", deferToServerFlowControl=" + deferToServerFlowControl + "}";
  }

  /** Builds {@link ClusterOptions}. */
  public static final class Builder {
    private double qps = 50;
    private int burst = 300;
    private boolean limitSet;
    private Boolean deferToServerFlowControl;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int listPageSize = 500;
    private WriteStrategy writeStrategy = WriteStrategy.SERVER_SIDE_APPLY;
    private boolean allowSecretKubeconfigCommands;

    Builder() {}

    /**
     * Sets the average requests per second sent to the cluster. The default, 50, is kubectl's
     * rate for discovery, and is lifted when the server runs Priority and Fairness; setting a
     * rate keeps it in force (see {@link #deferToServerFlowControl(boolean)}). Lower it for a
     * small or shared API server without Priority and Fairness that answers 429 often.
     *
     * @param qps more than 0, at most 10000
     * @return this builder
     */
    public Builder qps(double qps) {
      this.qps = qps;
      this.limitSet = true;
      return this;
    }

    /**
     * Sets how many requests may go out at once before the rate applies. The default, 300, is
     * kubectl's burst for discovery; setting a burst keeps the limit in force (see {@link
     * #deferToServerFlowControl(boolean)}).
     *
     * @param burst at least 1
     * @return this builder
     */
    public Builder burst(int burst) {
      this.burst = burst;
      this.limitSet = true;
      return this;
    }

    /**
     * Sets how long one request may take. Raise it for clusters reached over slow links;
     * lower it so that a hung API server fails an apply sooner and the retry loop takes over.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets how long opening a connection may take. Lower it to find unreachable clusters
     * faster in health probes.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets how many objects one list request asks for. Lower it when lists of large objects
     * time out; raise it to save round trips on fast API servers.
     *
     * @param size 1 to 10000
     * @return this builder
     */
    public Builder listPageSize(int size) {
      this.listPageSize = size;
      return this;
    }

    /**
     * Sets how objects are written. Keep server-side apply unless the API server lacks it; the
     * connector falls back on its own when an apply is refused.
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder writeStrategy(WriteStrategy strategy) {
      this.writeStrategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Lets kubeconfigs read from Secrets of the Global Service Cluster run commands on the
     * platform's host: {@code exec} credential plugins (such as {@code aws eks get-token} or
     * {@code kubelogin}) and {@code auth-provider} commands. Off by default, because whoever can
     * write such a Secret (often a tenant registering a cluster) could otherwise run any program
     * as the platform, with its credentials and network; a cluster whose kubeconfig Secret
     * names a command fails to connect with {@link io.meshsdk.ErrorCode#CONFIGURATION} and the
     * command is not run. Enable it only when nobody but the platform's operators can write
     * those Secrets and the commands exist on every host the platform runs on; prefer enabling
     * it for the clusters that need it, with {@code KubernetesClusterConnector.Builder.cluster}.
     *
     * @param allow whether commands may run
     * @return this builder
     * @since 0.2.0
     */
    public Builder allowSecretKubeconfigCommands(boolean allow) {
      this.allowSecretKubeconfigCommands = allow;
      return this;
    }

    /**
     * Sets whether the client-side limit is lifted once the API server shows, by the response
     * headers {@code X-Kubernetes-PF-FlowSchema-UID} and {@code X-Kubernetes-PF-PriorityLevel-UID},
     * that it runs API Priority and Fairness. On by default; off by default as soon as {@link
     * #qps(double)} or {@link #burst(int)} is set, since a chosen rate is meant to hold. Turn it
     * off to keep the default rate on servers with Priority and Fairness too, for example when a
     * proxy in front of the API server limits requests without saying so.
     *
     * @param defer whether to leave flow control to the server when it offers it
     * @return this builder
     * @since 0.2.0
     */
    public Builder deferToServerFlowControl(boolean defer) {
      this.deferToServerFlowControl = defer;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws io.meshsdk.ValidationException listing every value out of range
     */
    public ClusterOptions build() {
      List<Violation> v = new ArrayList<>();
      if (!(qps > 0 && qps <= 10_000)) {
        v.add(Violation.of("qps", "must be more than 0 and at most 10000, but was " + qps));
      }
      if (burst < 1 || burst > 100_000) {
        v.add(Violation.of("burst", "must be between 1 and 100000, but was " + burst));
      }
      if (listPageSize < 1 || listPageSize > 10_000) {
        v.add(Violation.of("listPageSize", "must be between 1 and 10000, but was " + listPageSize));
      }
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        v.add(Violation.of("requestTimeout", "must be positive, but was " + requestTimeout));
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        v.add(Violation.of("connectTimeout", "must be positive, but was " + connectTimeout));
      }
      if (!v.isEmpty()) {
        throw new ValidationException("ClusterOptions", v);
      }
      return new ClusterOptions(this);
    }
  }
}
