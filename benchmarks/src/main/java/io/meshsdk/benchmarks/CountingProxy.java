package io.meshsdk.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that forwards every connection to one server and counts the bytes each
 * way. It does not look into the stream, so it counts what a client really puts on the wire: HTTP
 * headers and bodies, and for HTTPS also the TLS handshakes and record overhead. Point a
 * kubeconfig at {@link #url(String)} instead of the server to count what a client sends.
 */
final class CountingProxy implements AutoCloseable {
  private final String host;
  private final int port;
  private final ServerSocket listener;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  CountingProxy(String host, int port) {
    this.host = host;
    this.port = port;
    try {
      this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    Thread acceptor = new Thread(this::accept, "counting-proxy-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * The proxy's URL.
   *
   * @param scheme http or https, as the server speaks
   * @return for example {@code https://127.0.0.1:40123}
   */
  String url(String scheme) {
    return scheme + "://127.0.0.1:" + listener.getLocalPort();
  }

  /** Bytes the clients sent to the server so far. */
  long sent() {
    return sent.get();
  }

  /** Bytes the server sent back so far. */
  long received() {
    return received.get();
  }

  /** TCP connections the clients opened so far. */
  long connections() {
    return connections.get();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        Socket server = new Socket(host, port);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        connections.incrementAndGet();
        pipe(client, server, sent);
        pipe(server, client, received);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pipe(Socket from, Socket to, AtomicLong counter) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[32 * 1024];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
          counter.addAndGet(n);
        }
        to.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "counting-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
    sockets.forEach(CountingProxy::closeQuietly);
  }
}
