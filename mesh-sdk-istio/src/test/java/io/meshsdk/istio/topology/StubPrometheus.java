package io.meshsdk.istio.topology;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A tiny HTTP server on 127.0.0.1 that answers {@code /api/v1/query} as a test tells it: canned
 * JSON, error statuses, or no answer until released.
 */
final class StubPrometheus implements AutoCloseable {
  record Answer(int status, String contentType, String body) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body);
    }
  }

  /** One request as received. */
  record Received(String path, String query, String authorization) {}

  static final String EMPTY_VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

  private final HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  final List<Received> received = new CopyOnWriteArrayList<>();

  StubPrometheus(Function<String, Answer> answers) throws IOException {
    this(answers, false);
  }

  /**
   * Starts the stub.
   *
   * @param answers the answer for a query's PromQL
   * @param hang whether to hold every answer back until {@link #close()}
   */
  StubPrometheus(Function<String, Answer> answers, boolean hang) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "stub-prometheus");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", exchange -> handle(exchange, answers, hang));
    server.start();
  }

  private void handle(HttpExchange exchange, Function<String, Answer> answers, boolean hang) throws IOException {
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String query = "";
    for (String pair : form.split("&")) {
      if (pair.startsWith("query=")) {
        query = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    received.add(new Received(exchange.getRequestURI().getPath(), query, exchange.getRequestHeaders().getFirst("Authorization")));
    if (hang) {
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Answer answer = exchange.getRequestURI().getPath().endsWith("/api/v1/query")
        ? answers.apply(query) : Answer.json(404, "{}");
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    try {
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the client gave up waiting; nothing to answer
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
