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

  private ClusterOptions(Builder b) {
    this.qps = b.qps;
    this.burst = b.burst;
    this.requestTimeout = b.requestTimeout;
    this.connectTimeout = b.connectTimeout;
    this.listPageSize = b.listPageSize;
    this.writeStrategy = b.writeStrategy;
    this.allowSecretKubeconfigCommands = b.allowSecretKubeconfigCommands;
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
   * Requests per second, on average, that the SDK sends to the cluster.
   *
   * @return 20 unless set
   */
  public double qps() {
    return qps;
  }

  /**
   * Requests the SDK may send at once before {@link #qps()} applies.
   *
   * @return 40 unless set
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
        && allowSecretKubeconfigCommands == other.allowSecretKubeconfigCommands;
  }

  @Override
  public int hashCode() {
    return Objects.hash(qps, burst, requestTimeout, connectTimeout, listPageSize, writeStrategy,
        allowSecretKubeconfigCommands);
  }

  @Override
  public String toString() {
    return "ClusterOptions{qps=" + qps + ", burst=" + burst + ", requestTimeout=" + requestTimeout
        + ", connectTimeout=" + connectTimeout + ", listPageSize=" + listPageSize
        + ", writeStrategy=" + writeStrategy
        + ", allowSecretKubeconfigCommands=" + allowSecretKubeconfigCommands + "}";
  }

  /** Builds {@link ClusterOptions}. */
  public static final class Builder {
    private double qps = 20;
    private int burst = 40;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int listPageSize = 500;
    private WriteStrategy writeStrategy = WriteStrategy.SERVER_SIDE_APPLY;
    private boolean allowSecretKubeconfigCommands;

    Builder() {}

    /**
     * Sets the average requests per second sent to the cluster. The default, 20, is what
     * kubectl and client-go allow per client; raise it for a dedicated, large API server that
     * many meshes share, lower it for a small or shared one that answers 429 often.
     *
     * @param qps more than 0, at most 10000
     * @return this builder
     */
    public Builder qps(double qps) {
      this.qps = qps;
      return this;
    }

    /**
     * Sets how many requests may go out at once before the rate applies. The default, 40, lets
     * planning a mesh list its objects without waiting; raise it with {@link #qps(double)}.
     *
     * @param burst at least 1
     * @return this builder
     */
    public Builder burst(int burst) {
      this.burst = burst;
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
