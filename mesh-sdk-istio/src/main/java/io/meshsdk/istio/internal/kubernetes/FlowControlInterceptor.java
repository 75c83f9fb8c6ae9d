package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Notices that the API server runs API Priority and Fairness: it names the flow schema and
 * priority level that handled each request in the response headers {@code
 * X-Kubernetes-PF-FlowSchema-UID} and {@code X-Kubernetes-PF-PriorityLevel-UID}, on successes and
 * on the 429s it answers when it sheds load.
 */
final class FlowControlInterceptor implements Interceptor {
  /** The interceptor's name in a fabric8 HTTP client. */
  static final String NAME = "mesh-sdk-flow-control";
  static final String FLOW_SCHEMA = "X-Kubernetes-PF-FlowSchema-UID";
  static final String PRIORITY_LEVEL = "X-Kubernetes-PF-PriorityLevel-UID";

  private final Runnable onServerFlowControl;

  FlowControlInterceptor(Runnable onServerFlowControl) {
    this.onServerFlowControl = onServerFlowControl;
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    check(response);
  }

  @Override
  public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
    check(response);
    return CompletableFuture.completedFuture(false);
  }

  private void check(HttpResponse<?> response) {
    if (response == null) {
      return;
    }
    // header names are case-insensitive, and HTTP clients differ in how they store them
    for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
      if ((FLOW_SCHEMA.equalsIgnoreCase(header.getKey()) || PRIORITY_LEVEL.equalsIgnoreCase(header.getKey()))
          && header.getValue().stream().anyMatch(v -> v != null && !v.isBlank())) {
        onServerFlowControl.run();
        return;
      }
    }
  }
}
