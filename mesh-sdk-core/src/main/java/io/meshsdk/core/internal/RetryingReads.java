package io.meshsdk.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterEndpoint;
import io.meshsdk.spi.MeshManagerSettings;
import io.meshsdk.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection whose reads are retried like the applier's writes: a transient failure of a list
 * or get (429, 5xx, a reset, a timeout) is retried with the same backoff and Retry-After, so that
 * one lost read does not fail a whole plan, drift check or join. Reads are idempotent; writes are
 * passed through untouched and retried by the {@link Applier}, which knows how to recognise a
 * write that landed.
 */
final class RetryingReads implements ClusterConnection {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingReads.class);

  private final ClusterConnection delegate;
  private final MeshManagerSettings settings;

  RetryingReads(ClusterConnection delegate, MeshManagerSettings settings) {
    this.delegate = delegate;
    this.settings = settings;
  }

  /** The connection whose reads this retries. */
  ClusterConnection delegate() {
    return delegate;
  }

  @Override
  public String cluster() {
    return delegate.cluster();
  }

  @Override
  public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
    return retry("list " + type.kind(), () -> delegate.list(type, namespace, labelSelector));
  }

  @Override
  public List<MeshResource> listMetadata(ResourceType type, String namespace, Map<String, String> labelSelector) {
    return retry("list " + type.kind(), () -> delegate.listMetadata(type, namespace, labelSelector));
  }

  @Override
  public Optional<MeshResource> get(ResourceType type, String namespace, String name) {
    return retry("get " + type.kind() + " " + name, () -> delegate.get(type, namespace, name));
  }

  @Override
  public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
    return delegate.apply(type, resource, options);
  }

  @Override
  public boolean delete(ResourceType type, String namespace, String name, Optional<String> expectedResourceVersion) {
    return delegate.delete(type, namespace, name, expectedResourceVersion);
  }

  @Override
  public MeshResource mergePatch(ResourceType type, String namespace, String name, ObjectNode patch) {
    return delegate.mergePatch(type, namespace, name, patch);
  }

  @Override
  public boolean live() {
    return delegate.live();
  }

  @Override
  public Optional<ClusterEndpoint> endpoint() {
    return delegate.endpoint();
  }

  @Override
  public String serverVersion() {
    return delegate.serverVersion();
  }

  @Override
  public ClusterHealth health() {
    return delegate.health();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private <T> T retry(String what, Supplier<T> read) {
    int maxAttempts = settings.maxAttempts();
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (MeshException e) {
        if (!e.retryable() || attempt >= maxAttempts) {
          throw e;
        }
        LOG.debug("{} on cluster {} failed ({}); retrying", what, delegate.cluster(), e.code());
        if (!Applier.pause(settings, attempt, e)) {
          throw new MeshException(ErrorCode.INTERRUPTED, "interrupted while waiting to retry " + what, e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
