package io.meshsdk.istio.internal.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Maps what the API server answered to the SDK's error codes, following the Kubernetes API
 * conventions, so that the engine's retry loop does the right thing: conflicts are re-read, not
 * retried blindly; 429 waits for Retry-After, from the Status body or else the header; 5xx and
 * I/O failures are retried; other 4xx never.
 */
final class KubernetesErrors {
  private static final Pattern MANAGER = Pattern.compile("conflict with \"([^\"]+)\"");
  private static final Pattern INVALID_OBJECT = Pattern.compile("failed to (create typed (patch )?object|decode"
      + "|convert|validate)|field not declared in schema|unknown field|strict decoding error"
      + "|expected (numeric|string|map|list|bool)", Pattern.CASE_INSENSITIVE);

  private KubernetesErrors() {}

  /**
   * The SDK exception for a failed call.
   *
   * @param cluster the cluster called
   * @param what what was attempted, for example {@code apply VirtualService bookinfo/reviews}
   * @param failure what fabric8 threw
   * @return the exception to throw
   */
  static MeshException map(String cluster, String what, RuntimeException failure) {
    return map(cluster, what, failure, null);
  }

  /**
   * The SDK exception for a failed call whose answer may have said when to try again.
   *
   * @param cluster the cluster called
   * @param what what was attempted
   * @param failure what fabric8 threw
   * @param retryAfterHeader the wait the answer's {@code Retry-After} header asked for, or {@code
   *     null}; the Status body's {@code retryAfterSeconds} wins when both are there
   * @return the exception to throw
   */
  static MeshException map(String cluster, String what, RuntimeException failure, Duration retryAfterHeader) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MeshException) {
        return (MeshException) t;
      }
    }
    if (!(failure instanceof KubernetesClientException)) {
      return new MeshException(ErrorCode.INTERNAL,
          what + " on cluster " + cluster + " failed unexpectedly: " + failure.getClass().getName(), failure);
    }
    KubernetesClientException e = (KubernetesClientException) failure;
    int code = e.getCode();
    Status status = e.getStatus();
    String detail = status != null && status.getMessage() != null && !status.getMessage().isBlank()
        ? status.getMessage()
        : "no details";
    String prefix = what + " on cluster " + cluster;
    if (code <= 0) {
      return transport(cluster, prefix, e);
    }
    if (code != 422 && invalidInput(code, status, detail)) {
      return new MeshBackendException(ErrorCode.INVALID_INPUT, cluster, code,
          prefix + " was rejected as invalid (HTTP " + code + "): " + detail + fieldPaths(status, detail), e);
    }
    switch (code) {
      case 401:
        return new MeshBackendException(ErrorCode.BACKEND_ERROR, cluster, code,
            prefix + " was refused (HTTP 401): the credentials were not accepted; check the"
                + " cluster's credential reference", e);
      case 403:
        return new MeshBackendException(ErrorCode.BACKEND_ERROR, cluster, code,
            prefix + " is forbidden (HTTP 403): " + detail, e);
      case 404:
        return new MeshBackendException(ErrorCode.NOT_FOUND, cluster, code,
            prefix + " found nothing (HTTP 404): " + detail, e);
      case 409:
        return conflict(prefix, status, detail);
      case 410:
        return new MeshConflictException(ErrorCode.STALE_PLAN,
            prefix + " read a version that expired (HTTP 410): " + detail);
      case 422:
        return new MeshBackendException(ErrorCode.INVALID_INPUT, cluster, code,
            prefix + " was rejected as invalid (HTTP 422): " + detail + fieldPaths(status, detail), e);
      case 429:
        return new MeshBackendException(ErrorCode.RATE_LIMITED, cluster, code,
            prefix + " was throttled (HTTP 429): " + detail, e, retryAfter(status, retryAfterHeader));
      case 504:
        return new MeshBackendException(ErrorCode.TIMEOUT, cluster, code,
            prefix + " timed out on the server (HTTP 504): " + detail, e, retryAfter(status, retryAfterHeader));
      default:
        return new MeshBackendException(ErrorCode.BACKEND_ERROR, cluster, code,
            prefix + " failed (HTTP " + code + "): " + detail, e, retryAfter(status, retryAfterHeader));
    }
  }

  private static MeshException conflict(String prefix, Status status, String detail) {
    String reason = status == null ? null : status.getReason();
    if ("AlreadyExists".equals(reason)) {
      return new MeshConflictException(ErrorCode.ALREADY_EXISTS, prefix + " found it already exists: " + detail);
    }
    if (detail.contains("has been modified") || detail.contains("might have been modified")
        || detail.contains("precondition") || detail.contains("uid mismatch")) {
      return new MeshConflictException(ErrorCode.STALE_PLAN,
          prefix + " found it changed since it was read; make a new plan: " + detail);
    }
    Set<String> managers = managers(status, detail);
    if (!managers.isEmpty()) {
      List<String> fields = fields(status);
      return new MeshConflictException(ErrorCode.CONFLICT, prefix + " conflicts with field manager"
          + (managers.size() > 1 ? "s " : " ") + managers.stream().map(m -> "\"" + m + "\"")
              .collect(Collectors.joining(", "))
          + (fields.isEmpty() ? "" : ", which owns " + String.join(", ", fields))
          + "; mesh-sdk leaves fields of other managers alone unless the write is forced"
          + " (reconcile(), or a plan applied with ApplyMode.FORCE)");
    }
    return new MeshConflictException(ErrorCode.CONFLICT, prefix + " conflicts (HTTP 409): " + detail);
  }

  /**
   * Whether the server refused the object itself, so that sending it again cannot help: status
   * reason Invalid or BadRequest, a plain 400, or a 500 from the apply machinery that could not
   * decode, convert or validate the object against its schema (a value of the wrong type, a field
   * the schema does not declare under strict validation), which API servers answer with 500.
   */
  static boolean invalidInput(int code, Status status, String detail) {
    String reason = status == null ? null : status.getReason();
    if (code == 400 || "Invalid".equals(reason) || "BadRequest".equals(reason)) {
      return true;
    }
    return code == 500 && INVALID_OBJECT.matcher(detail).find();
  }

  /** The field paths the server named, for a message that does not already name them all. */
  private static String fieldPaths(Status status, String detail) {
    List<String> missing = fields(status).stream().filter(f -> !detail.contains(f)).collect(Collectors.toList());
    return missing.isEmpty() ? "" : " (fields: " + String.join(", ", missing) + ")";
  }

  /** The field managers named in a server-side apply conflict. */
  static Set<String> managers(Status status, String detail) {
    Set<String> managers = new LinkedHashSet<>();
    for (StatusCause cause : causes(status)) {
      if (cause.getMessage() != null) {
        Matcher m = MANAGER.matcher(cause.getMessage());
        while (m.find()) {
          managers.add(m.group(1));
        }
      }
    }
    if (managers.isEmpty()) {
      Matcher m = MANAGER.matcher(detail);
      while (m.find()) {
        managers.add(m.group(1));
      }
    }
    return managers;
  }

  private static List<String> fields(Status status) {
    return causes(status).stream().map(StatusCause::getField).filter(f -> f != null && !f.isBlank())
        .distinct().collect(Collectors.toList());
  }

  private static List<StatusCause> causes(Status status) {
    StatusDetails details = status == null ? null : status.getDetails();
    return details == null || details.getCauses() == null ? List.of() : details.getCauses();
  }

  private static Duration retryAfter(Status status, Duration header) {
    StatusDetails details = status == null ? null : status.getDetails();
    Integer seconds = details == null ? null : details.getRetryAfterSeconds();
    return seconds == null || seconds <= 0 ? header : Duration.ofSeconds(seconds);
  }

  private static MeshException transport(String cluster, String prefix, KubernetesClientException e) {
    boolean io = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof SocketTimeoutException
          || t.getClass().getSimpleName().contains("Timeout")) {
        return new MeshBackendException(ErrorCode.TIMEOUT, cluster, 0, prefix + " timed out", e);
      }
      if (t instanceof InterruptedException || t.getClass() == InterruptedIOException.class) {
        Thread.currentThread().interrupt();
        return new MeshException(ErrorCode.INTERRUPTED, prefix + " was interrupted", e);
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return new MeshBackendException(ErrorCode.CLUSTER_UNREACHABLE, cluster, 0,
            prefix + " could not connect (" + t.getClass().getSimpleName() + ")", e);
      }
      io |= t instanceof IOException;
    }
    return new MeshBackendException(ErrorCode.CLUSTER_UNREACHABLE, cluster, 0,
        prefix + (io ? " failed on the connection" : " failed before an answer arrived"), e);
  }
}
