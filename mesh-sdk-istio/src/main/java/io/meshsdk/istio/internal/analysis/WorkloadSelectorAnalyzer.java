package io.meshsdk.istio.internal.analysis;

import io.meshsdk.analysis.Finding;
import io.meshsdk.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Objects that apply to workloads by selector, one kind per instance: a selector that matches no
 * pod in any cluster (IST0101 for Sidecars and Telemetries, IST0127 for security policies), several objects without selector in one namespace (IST0111 for
 * Sidecars, IST0160 for Telemetries) and several selecting one pod (IST0110, IST0159).
 */
final class WorkloadSelectorAnalyzer extends IstioAnalyzer {
  private final ResourceType kind;
  private final String selectorField;
  private final IstioCode overlap;
  private final IstioCode unselected;
  private final IstioCode noPods;

  private WorkloadSelectorAnalyzer(String name, ResourceType kind, String selectorField, IstioCode overlap,
      IstioCode unselected) {
    super(name, overlap == null ? List.of(IstioCode.IST0127) : List.of(IstioCode.IST0101, overlap, unselected),
        List.of(kind, Kinds.POD));
    // Istio reports a Sidecar's or Telemetry's selector without pods as a missing reference
    this.noPods = overlap == null ? IstioCode.IST0127 : IstioCode.IST0101;
    this.kind = kind;
    this.selectorField = selectorField;
    this.overlap = overlap;
    this.unselected = unselected;
  }

  static WorkloadSelectorAnalyzer sidecars() {
    return new WorkloadSelectorAnalyzer("sidecar.selector", Kinds.SIDECAR, "workloadSelector",
        IstioCode.IST0110, IstioCode.IST0111);
  }

  static WorkloadSelectorAnalyzer telemetries() {
    return new WorkloadSelectorAnalyzer("telemetry.selector", Kinds.TELEMETRY, "selector",
        IstioCode.IST0159, IstioCode.IST0160);
  }

  static WorkloadSelectorAnalyzer authorizationPolicies() {
    return new WorkloadSelectorAnalyzer("auth.authorizationpolicies", Kinds.AUTHORIZATION_POLICY, "selector", null, null);
  }

  static WorkloadSelectorAnalyzer peerAuthentications() {
    return new WorkloadSelectorAnalyzer("authn.peerauthentications", Kinds.PEER_AUTHENTICATION, "selector", null, null);
  }

  static WorkloadSelectorAnalyzer requestAuthentications() {
    return new WorkloadSelectorAnalyzer("authn.requestauthentications", Kinds.REQUEST_AUTHENTICATION, "selector",
        null, null);
  }

  @Override
  void check(MeshIndex index, List<Finding> out) {
    boolean pods = index.complete(Kinds.POD);
    Map<String, List<Obj>> groups = new LinkedHashMap<>();
    for (Obj o : index.config(kind)) {
      groups.computeIfAbsent(o.cluster + "|" + o.namespace(), k -> new ArrayList<>()).add(o);
    }
    String plural = kind.kind() + "s";
    for (List<Obj> group : groups.values()) {
      List<Obj> unselectedObjects = new ArrayList<>();
      Map<Obj, List<Obj>> byPod = new LinkedHashMap<>();
      for (Obj o : group) {
        Map<String, String> selector = Obj.stringMap(o.spec().path(selectorField).path("matchLabels"));
        if (kind == Kinds.SIDECAR) {
          selector = Obj.stringMap(o.spec().path(selectorField).path("labels"));
        }
        if (selector.isEmpty()) {
          if (!o.spec().path("targetRef").isObject() && !o.spec().path("targetRefs").isArray()) {
            unselectedObjects.add(o);
          }
          continue;
        }
        if (!pods) {
          continue;
        }
        List<Obj> selected = index.podsSelected(o.namespace(), selector);
        if (selected.isEmpty()) {
          out.add(noPods.finding(o.ref(), o.cluster)
              .message(noPods == IstioCode.IST0101
                  ? "Referenced selector not found: \"" + Selectors.print(selector) + "\""
                  : "No matching workloads for this resource with the following labels: " + Selectors.print(selector))
              .fieldPath("spec." + selectorField)
              .dependsOnDeployment(true)
              .remediation("Correct the selector to the labels of the pods it is meant for, or remove the "
                  + kind.kind() + ".")
              .build());
        }
        for (Obj pod : selected) {
          byPod.computeIfAbsent(pod, p -> new ArrayList<>()).add(o);
        }
      }
      if (overlap == null) {
        continue;
      }
      if (unselectedObjects.size() > 1) {
        String names = unselectedObjects.stream().map(Obj::name).collect(Collectors.joining(" ", "[", "]"));
        for (Obj o : unselectedObjects) {
          out.add(unselected.finding(o.ref(), o.cluster)
              .message("The " + plural + " " + names + " in namespace \"" + o.namespace()
                  + "\" have no workload selector, which can lead to undefined behavior.")
              .remediation("Keep one " + kind.kind() + " without selector per namespace; merge the others into it.")
              .build());
        }
      }
      Map<Obj, String> reported = new LinkedHashMap<>();
      for (Map.Entry<Obj, List<Obj>> e : byPod.entrySet()) {
        if (e.getValue().size() < 2) {
          continue;
        }
        String names = e.getValue().stream().map(Obj::name).collect(Collectors.joining(" ", "[", "]"));
        for (Obj o : e.getValue()) {
          if (reported.putIfAbsent(o, names) != null) {
            continue; // one finding per object, naming the first pod they share
          }
          out.add(overlap.finding(o.ref(), o.cluster)
              .message("The " + plural + " " + names + " in namespace \"" + o.namespace()
                  + "\" select the same workload pod \"" + e.getKey().name() + "\", which can lead to undefined behavior.")
              .fieldPath("spec." + selectorField)
              .remediation("Make the selectors of " + names + " select distinct pods, or merge the objects.")
              .build());
        }
      }
    }
  }
}
