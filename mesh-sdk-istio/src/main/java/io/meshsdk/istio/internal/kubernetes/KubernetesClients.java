package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
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
 *
 * <p>Every client on fabric8's default HTTP transport (Vert.x) shares one Vert.x instance with
 * daemon threads: one pool of event loops for the whole process, however many clusters the SDK
 * talks to, instead of an instance with its own threads per client. Closing a client closes its
 * connections, not the shared event loops. A client on another transport (OkHttp or the JDK's,
 * put on the classpath by the application) gets it as fabric8 would pick it.
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
        .withHttpClientFactory(new QuietFactory(transport()))
        .withHttpClientBuilderConsumer(builder -> {
          builder.addOrReplaceInterceptor(RetryAfterInterceptor.NAME, new RetryAfterInterceptor(clock));
          if (onServerFlowControl != null) {
            builder.addOrReplaceInterceptor(FlowControlInterceptor.NAME, new FlowControlInterceptor(onServerFlowControl));
          }
        })
        .build();
  }

  /** The HTTP client factory fabric8 would pick; for Vert.x, one on the shared instance. */
  static HttpClient.Factory transport() {
    HttpClient.Factory factory = HttpClientUtils.getHttpClientFactory();
    return factory.getClass() == VertxHttpClientFactory.class ? SharedVertx.FACTORY : factory;
  }

  /**
   * The process's one Vert.x instance for Kubernetes clients, made on first use with the options
   * fabric8 gives its own instances: daemon threads, so that it never keeps a JVM alive, and no
   * file caching or class-path resolving. Never closed: its threads are idle when no client runs.
   */
  static final class SharedVertx {
    static final HttpClient.Factory FACTORY = new VertxHttpClientFactory(create());

    private SharedVertx() {}

    private static Vertx create() {
      // Vert.x's own DNS resolver would ignore the JVM's name service, as fabric8's instances do.
      String disabled = System.getProperty("vertx.disableDnsResolver");
      System.setProperty("vertx.disableDnsResolver", "true");
      try {
        return Vertx.vertx(new VertxOptions()
            .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                .setClassPathResolvingEnabled(false))
            .setUseDaemonThread(true));
      } finally {
        if (disabled == null) {
          System.clearProperty("vertx.disableDnsResolver");
        } else {
          System.setProperty("vertx.disableDnsResolver", disabled);
        }
      }
    }
  }

  /** An HTTP client factory with fabric8's HTTP logging taken out. */
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
