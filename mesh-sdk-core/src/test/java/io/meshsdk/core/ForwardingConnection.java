package io.meshsdk.core;

import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterEndpoint;
import io.meshsdk.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection that passes every call to another, for test connectors that change one or two of
 * them (a write held at a gate, a response lost, a server that stops answering). Merge patches and
 * health use the interface's defaults, so they go through the overridden reads and writes.
 */
class ForwardingConnection implements ClusterConnection {
  protected final ClusterConnection delegate;

  ForwardingConnection(ClusterConnection delegate) {
    this.delegate = delegate;
  }

  @Override
  public String cluster() {
    return delegate.cluster();
  }

  @Override
  public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
    return delegate.list(type, namespace, labelSelector);
  }

  @Override
  public Optional<MeshResource> get(ResourceType type, String namespace, String name) {
    return delegate.get(type, namespace, name);
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
  public Optional<ClusterEndpoint> endpoint() {
    return delegate.endpoint();
  }

  @Override
  public String serverVersion() {
    return delegate.serverVersion();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
