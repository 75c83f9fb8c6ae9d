package io.meshsdk.core;

import io.meshsdk.event.AnalysisCompleted;
import io.meshsdk.event.ApplyFinished;
import io.meshsdk.event.ApplyStarted;
import io.meshsdk.event.AuditRecord;
import io.meshsdk.event.AuditSink;
import io.meshsdk.event.ClusterApplied;
import io.meshsdk.event.ClusterHealthChanged;
import io.meshsdk.event.DriftFound;
import io.meshsdk.event.MembershipChanged;
import io.meshsdk.event.MeshEvent;
import io.meshsdk.event.MeshListener;
import io.meshsdk.event.ObjectApplied;
import io.meshsdk.event.PlanComputed;
import io.meshsdk.event.TopologyRead;
import io.meshsdk.event.WriteRetried;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Keeps every event and audit record a manager delivers, in order. */
final class RecordingListener implements MeshListener, AuditSink {
  final List<MeshEvent> events = new CopyOnWriteArrayList<>();
  final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

  <T extends MeshEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  @Override
  public void record(AuditRecord record) {
    audit.add(record);
  }

  @Override
  public void planComputed(PlanComputed event) {
    events.add(event);
  }

  @Override
  public void analysisCompleted(AnalysisCompleted event) {
    events.add(event);
  }

  @Override
  public void applyStarted(ApplyStarted event) {
    events.add(event);
  }

  @Override
  public void objectApplied(ObjectApplied event) {
    events.add(event);
  }

  @Override
  public void writeRetried(WriteRetried event) {
    events.add(event);
  }

  @Override
  public void clusterApplied(ClusterApplied event) {
    events.add(event);
  }

  @Override
  public void applyFinished(ApplyFinished event) {
    events.add(event);
  }

  @Override
  public void membershipChanged(MembershipChanged event) {
    events.add(event);
  }

  @Override
  public void clusterHealthChanged(ClusterHealthChanged event) {
    events.add(event);
  }

  @Override
  public void driftFound(DriftFound event) {
    events.add(event);
  }

  @Override
  public void topologyRead(TopologyRead event) {
    events.add(event);
  }
}
