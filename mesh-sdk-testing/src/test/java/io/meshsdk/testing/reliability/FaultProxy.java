package io.meshsdk.testing.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on 127.0.0.1 in front of an API server that injects one fault into the n-th
 * request matching a predicate: an error status (with or without Retry-After), a connection reset,
 * an answer slower than the client's timeout, or the loss of the response to a write that reached
 * the server. Every other request is forwarded unchanged.
 */
final class FaultProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
      "upgrade", "keep-alive", "expect");

  private final URI target;
  private final HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final HttpServer server;
  private final Predicate<String> matches;
  private final int nth;
  private final Fault fault;
  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private final List<String> requests = new ArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile long injectedAt;
  private volatile long nextAt;

  /** What goes wrong with the chosen request. */
  enum Fault {
    CONFLICT_409("409 Conflict"),
    TOO_MANY_REQUESTS_429("429 with a Retry-After header only"),
    TOO_MANY_REQUESTS_429_BODY("429 with Retry-After and retryAfterSeconds"),
    INTERNAL_500("500 Internal Server Error"),
    UNAVAILABLE_503("503 Service Unavailable"),
    GATEWAY_TIMEOUT_504("504 Gateway Timeout"),
    RESET("connection reset"),
    READ_TIMEOUT("read timeout"),
    RESPONSE_LOST("response lost after the write landed"),
    CLUSTER_DOWN("cluster down");

    final String description;

    Fault(String description) {
      this.description = description;
    }
  }

  /**
   * Starts a proxy.
   *
   * @param target the API server's URL
   * @param matches which requests count, by {@code METHOD path}
   * @param nth which matching request (1-based) suffers the fault; the fault is injected once,
   *     except {@link Fault#CLUSTER_DOWN}, which refuses every request from then on
   * @param fault what goes wrong
   */
  FaultProxy(URI target, Predicate<String> matches, int nth, Fault fault) {
    this.target = target;
    this.matches = matches;
    this.nth = nth;
    this.fault = fault;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-proxy");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The proxy's URL, to put in a kubeconfig instead of the API server's. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many times the fault was injected. */
  int injected() {
    return injected.get();
  }

  /**
   * How long after the fault the next matching request came, such as the retry of the failed
   * one; empty when none came.
   */
  Optional<Duration> pauseAfterFault() {
    return nextAt == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nextAt - injectedAt));
  }

  /** The requests seen, as {@code METHOD path}. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String line = method + " " + exchange.getRequestURI().getRawPath();
    synchronized (this) {
      requests.add(line);
    }
    boolean matching = matches.test(line);
    int position = matching ? seen.incrementAndGet() : 0;
    boolean hit = position == nth;
    if (matching && position == nth + 1) {
      nextAt = System.nanoTime();
    }
    boolean down = fault == Fault.CLUSTER_DOWN && matching && position >= nth;
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (down) {
        injected.incrementAndGet();
        return; // closed without an answer, every time: as unreachable as a proxy can make it
      }
      if (!hit) {
        relay(exchange, forward(exchange, body));
        return;
      }
      injected.incrementAndGet();
      injectedAt = System.nanoTime();
      switch (fault) {
        case RESET:
          return;
        case READ_TIMEOUT:
          // answer after the client gave up; the request never reaches the server
          awaitRelease();
          return;
        case RESPONSE_LOST:
          forward(exchange, body);
          return;
        default:
          status(exchange);
      }
    }
  }

  private void awaitRelease() {
    try {
      released.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void status(HttpExchange exchange) throws IOException {
    int code;
    String reason;
    String extra = "";
    switch (fault) {
      case CONFLICT_409:
        code = 409;
        reason = "Conflict";
        break;
      case TOO_MANY_REQUESTS_429:
        code = 429;
        reason = "TooManyRequests";
        exchange.getResponseHeaders().add("Retry-After", "1");
        break;
      case TOO_MANY_REQUESTS_429_BODY:
        code = 429;
        reason = "TooManyRequests";
        exchange.getResponseHeaders().add("Retry-After", "1");
        extra = ",\"details\":{\"retryAfterSeconds\":1}";
        break;
      case INTERNAL_500:
        code = 500;
        reason = "InternalError";
        break;
      case UNAVAILABLE_503:
        code = 503;
        reason = "ServiceUnavailable";
        break;
      case GATEWAY_TIMEOUT_504:
        code = 504;
        reason = "Timeout";
        break;
      default:
        throw new IllegalStateException("not a status fault: " + fault);
    }
    byte[] json = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"injected " + fault.description + "\",\"reason\":\"" + reason + "\",\"code\":" + code + extra
        + "}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, json.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(json);
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(30));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    try {
      return forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
  }

  private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }

}
