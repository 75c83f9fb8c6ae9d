package io.meshsdk.core.internal;

import io.meshsdk.MeshAccessDeniedException;
import io.meshsdk.access.AccessPolicy;
import io.meshsdk.access.AccessRequest;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.event.AuditClusterOutcome;
import io.meshsdk.event.AuditRecord;
import io.meshsdk.event.AuditSink;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.MeshOperation;
import io.meshsdk.plan.ApplyResult;
import io.meshsdk.plan.ClusterApplyResult;
import io.meshsdk.plan.ObjectOutcome;
import io.meshsdk.spi.MeshManagerSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform hooked into one manager: listeners, the audit sink and the access policy,
 * shared by the manager and all its principal views. A listener or sink that throws is logged by
 * its class and the exception's class only (its message might carry anything) and never breaks
 * the operation.
 */
final class Hooks {
  private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);

  private final List<MeshListener> listeners;
  private final Optional<AuditSink> audit;
  private final Optional<AccessPolicy> access;
  private final Clock clock;
  private final Map<String, ClusterHealth.Status> lastHealth = new ConcurrentHashMap<>();

  Hooks(MeshManagerSettings settings) {
    this.listeners = List.copyOf(settings.listeners());
    this.audit = settings.auditSink();
    this.access = settings.accessPolicy();
    this.clock = settings.clock();
  }

  Instant now() {
    return clock.instant();
  }

  /** Tells every listener; one that throws is logged and the others are still told. */
  void fire(Consumer<MeshListener> call) {
    for (MeshListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("MeshListener {} threw {}; the operation carries on", listener.getClass().getName(),
            e.getClass().getName());
      }
    }
  }

  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /** Delivers an audit record, if the platform keeps a trail. */
  void audit(AuditRecord record) {
    audit.ifPresent(sink -> {
      try {
        sink.record(record);
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("AuditSink {} threw {} for a {} record of mesh {}", sink.getClass().getName(), e.getClass().getName(),
            record.operation(), record.mesh().orElse("(none)"));
      }
    });
  }

  /**
   * Refuses a request the access policy does not allow, after recording the refusal. Nothing has
   * been read or written when this is called.
   */
  void check(Optional<String> principal, MeshOperation operation, Optional<String> mesh, Optional<String> namespace) {
    if (access.isEmpty()) {
      return;
    }
    AccessRequest request = AccessRequest.builder().principal(principal).operation(operation).mesh(mesh)
        .namespace(namespace).build();
    if (!allows(request)) {
      Instant now = now();
      audit(AuditRecord.builder().principal(principal).operation(operation).mesh(mesh)
          .target(namespace.map(n -> "namespace " + n))
          .outcome(AuditRecord.Outcome.DENIED).error("not allowed by the access policy")
          .startedAt(now).finishedAt(now).build());
      LOG.debug("access policy refused {}", request);
      throw new MeshAccessDeniedException(request);
    }
  }

  /** Whether the access policy allows a request; always, without a policy. */
  boolean permits(Optional<String> principal, MeshOperation operation, String mesh, Optional<String> namespace) {
    return access.isEmpty() || allows(AccessRequest.builder().principal(principal).operation(operation)
        .mesh(mesh).namespace(namespace).build());
  }

  private boolean allows(AccessRequest request) {
    try {
      return access.get().allows(request);
    } catch (RuntimeException e) {
      // a policy that cannot decide refuses: failing open would let a broken policy grant everything
      LOG.warn("AccessPolicy {} threw {}; refusing {}", access.get().getClass().getName(), e.getClass().getName(),
          request.operation());
      return false;
    }
  }

  /** Remembers a cluster's health status and returns the one before it, if it differs or is the first. */
  Optional<Optional<ClusterHealth.Status>> healthChange(String cluster, ClusterHealth.Status status) {
    ClusterHealth.Status previous = lastHealth.put(cluster, status);
    return previous == status ? Optional.empty() : Optional.of(Optional.ofNullable(previous));
  }

  /** The per-cluster counts of an apply, for its audit record. */
  static List<AuditClusterOutcome> counts(ApplyResult result) {
    List<AuditClusterOutcome> counts = new ArrayList<>();
    for (ClusterApplyResult cluster : result.clusters()) {
      int ok = 0;
      int failed = 0;
      int skipped = 0;
      for (ObjectOutcome outcome : cluster.outcomes()) {
        switch (outcome.status()) {
          case FAILED:
            failed++;
            break;
          case SKIPPED:
            skipped++;
            break;
          default:
            ok++;
            break;
        }
      }
      counts.add(AuditClusterOutcome.of(cluster.cluster(), ok, failed, skipped));
    }
    return counts;
  }

  /** Runs a write that is not a plan, auditing it whether it succeeds or fails. */
  <T> T audited(Optional<String> principal, MeshOperation operation, Optional<String> mesh, String target,
      Supplier<T> write) {
    Instant started = now();
    AuditRecord.Builder record = AuditRecord.builder().principal(principal).operation(operation).mesh(mesh)
        .target(target).startedAt(started);
    try {
      T result = write.get();
      audit(record.outcome(AuditRecord.Outcome.SUCCEEDED).finishedAt(now()).build());
      return result;
    } catch (RuntimeException e) {
      audit(record.outcome(AuditRecord.Outcome.FAILED).error(e.getClass().getSimpleName() + ": " + e.getMessage())
          .finishedAt(now()).build());
      throw e;
    }
  }
}
