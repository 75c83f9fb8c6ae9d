package io.meshsdk.istio;

import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;

/**
 * A connector whose connections make every call of another connector's, each through a step the
 * test gives: to count calls, or to run something before or after one (another replica's
 * deletion, say), so that an interleaving is chosen rather than hoped for.
 */
public final class InterceptedConnector implements ClusterConnector {
  /** What runs around each call of a connection; {@code call} makes the call itself. */
  @FunctionalInterface
  public interface Around {
    /**
     * Runs around one call.
     *
     * @param cluster the connection's cluster
     * @param method the {@link ClusterConnection} method called
     * @param args its arguments
     * @param call makes the call on the other connector's connection
     * @return what the call returns
     * @throws Exception what the step or the call throws
     */
    Object call(String cluster, Method method, Object[] args, Callable<Object> call) throws Exception;
  }

  private final ClusterConnector delegate;
  private final Around around;

  /**
   * Wraps a connector.
   *
   * @param delegate the connector whose connections make the calls
   * @param around what runs around each call
   */
  public InterceptedConnector(ClusterConnector delegate, Around around) {
    this.delegate = delegate;
    this.around = around;
  }

  @Override
  public String id() {
    return "intercepted-" + delegate.id();
  }

  @Override
  public ClusterConnection connect(ClusterSpec cluster) {
    ClusterConnection connection = delegate.connect(cluster);
    return (ClusterConnection) Proxy.newProxyInstance(ClusterConnection.class.getClassLoader(),
        new Class<?>[] {ClusterConnection.class}, (proxy, method, args) -> around.call(cluster.name(), method,
            args, () -> {
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                // the connection's methods declare no checked exception: what it threw goes on as it was
                if (e.getCause() instanceof RuntimeException) {
                  throw (RuntimeException) e.getCause();
                }
                throw (Error) e.getCause();
              }
            }));
  }
}
