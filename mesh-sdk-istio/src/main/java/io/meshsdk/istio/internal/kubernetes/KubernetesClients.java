package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import java.time.Clock;

/**
 * Builds every fabric8 client the SDK opens, so that all of them behave alike: fabric8's HTTP
 * logging is never installed, and a {@code Retry-After} header reaches the SDK's error mapping.
 *
 * <p>fabric8 installs its {@code HttpLoggingInterceptor} in every HTTP client builder when that
 * class's logger is at TRACE; it then logs request and response headers and bodies, which carry
 * {@code Authorization: Bearer} tokens, token Secrets and kubeconfigs. The factory here removes it
 * from each builder it hands out, including the builders fabric8 makes later from it (OIDC token
 * refresh) and those derived from a built client.
 */
public final class KubernetesClients {
  /** The name under which fabric8 installs its HTTP logging interceptor. */
  static final String FABRIC8_HTTP_LOGGING = "HttpLogging";

  private KubernetesClients() {}

  /**
   * Opens a client.
   *
   * @param config the resolved configuration
   * @param clock the clock that dated {@code Retry-After} headers are read against
   * @return a client that logs no HTTP traffic
   */
  public static KubernetesClient build(Config config, Clock clock) {
    return build(config, clock, null);
  }

  /**
   * Opens a client that tells when the API server shows it runs API Priority and Fairness.
   *
   * @param config the resolved configuration
   * @param clock the clock that dated {@code Retry-After} headers are read against
   * @param onServerFlowControl run (possibly many times, on I/O threads) when an answer carries
   *     the headers of Priority and Fairness; {@code null} for none
   * @return a client that logs no HTTP traffic
   */
  public static KubernetesClient build(Config config, Clock clock, Runnable onServerFlowControl) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new QuietFactory(HttpClientUtils.getHttpClientFactory()))
        .withHttpClientBuilderConsumer(builder -> {
          builder.addOrReplaceInterceptor(RetryAfterInterceptor.NAME, new RetryAfterInterceptor(clock));
          if (onServerFlowControl != null) {
            builder.addOrReplaceInterceptor(FlowControlInterceptor.NAME, new FlowControlInterceptor(onServerFlowControl));
          }
        })
        .build();
  }

  /** The HTTP client factory fabric8 would pick, with its HTTP logging taken out. */
  static final class QuietFactory implements HttpClient.Factory {
    private final HttpClient.Factory delegate;

    QuietFactory(HttpClient.Factory delegate) {
      this.delegate = delegate;
    }

    @Override
    public HttpClient.Builder newBuilder() {
      return delegate.newBuilder().addOrReplaceInterceptor(FABRIC8_HTTP_LOGGING, null);
    }

    @Override
    public int priority() {
      return delegate.priority();
    }
  }
}
