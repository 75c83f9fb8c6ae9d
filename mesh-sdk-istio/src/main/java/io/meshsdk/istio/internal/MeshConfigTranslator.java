package io.meshsdk.istio.internal;

import io.fabric8.istio.api.api.networking.v1alpha3.IstioEgressListenerBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.OutboundTrafficPolicyMode;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadEntryBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadGroupObjectMetaBuilder;
import io.fabric8.istio.api.api.networking.v1alpha3.WorkloadSelector;
import io.fabric8.istio.api.api.telemetry.v1alpha1.AccessLogging;
import io.fabric8.istio.api.api.telemetry.v1alpha1.AccessLoggingBuilder;
import io.fabric8.istio.api.api.telemetry.v1alpha1.AccessLoggingFilter;
import io.fabric8.istio.api.api.telemetry.v1alpha1.ProviderRef;
import io.fabric8.istio.api.api.telemetry.v1alpha1.Tracing;
import io.fabric8.istio.api.api.telemetry.v1alpha1.TracingBuilder;
import io.fabric8.istio.api.networking.v1.SidecarBuilder;
import io.fabric8.istio.api.networking.v1.WorkloadGroupBuilder;
import io.fabric8.istio.api.telemetry.v1.TelemetryBuilder;
import io.meshsdk.policy.ExternalWorkload;
import io.meshsdk.policy.ExternalWorkloadGroup;
import io.meshsdk.policy.SidecarPolicy;
import io.meshsdk.policy.TelemetryPolicy;
import io.meshsdk.resource.MeshResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates the policies that configure proxies and workloads, one object each named after the
 * policy: {@link SidecarPolicy} to a Sidecar, {@link TelemetryPolicy} to a Telemetry, {@link
 * ExternalWorkload} to a WorkloadEntry and {@link ExternalWorkloadGroup} to a WorkloadGroup.
 */
final class MeshConfigTranslator {

  private MeshConfigTranslator() {}

  static List<MeshResource> sidecar(SidecarPolicy policy) {
    List<String> hosts = policy.egressHosts().isEmpty() ? List.of("*/*") : policy.egressHosts();
    return List.of(IstioJson.toResource(new SidecarBuilder()
        .withNewMetadata().withName(policy.name()).withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withWorkloadSelector(policy.selector().isEmpty() ? null : new WorkloadSelector(sorted(policy.selector())))
        .withEgress(new IstioEgressListenerBuilder().withHosts(hosts).build())
        .withOutboundTrafficPolicy(policy.outboundTraffic()
            .map(m -> new OutboundTrafficPolicyBuilder().withMode(OutboundTrafficPolicyMode.valueOf(m.name())).build())
            .orElse(null))
        .endSpec()
        .build()));
  }

  static List<MeshResource> telemetry(TelemetryPolicy policy) {
    boolean logging = !policy.accessLogProviders().isEmpty() || policy.accessLogFilter().isPresent()
        || policy.accessLogDisabled();
    AccessLogging accessLogging = logging
        ? new AccessLoggingBuilder()
            .withProviders(policy.accessLogProviders().stream().map(ProviderRef::new).toList())
            .withFilter(policy.accessLogFilter().map(AccessLoggingFilter::new).orElse(null))
            .withDisabled(policy.accessLogDisabled() ? Boolean.TRUE : null)
            .build()
        : null;
    boolean tracing = !policy.tracingProviders().isEmpty() || policy.tracingSampling().isPresent();
    Tracing traces = tracing
        ? new TracingBuilder()
            .withProviders(policy.tracingProviders().stream().map(ProviderRef::new).toList())
            .withRandomSamplingPercentage(policy.tracingSampling().orElse(null))
            .build()
        : null;
    return List.of(IstioJson.toResource(new TelemetryBuilder()
        .withNewMetadata().withName(policy.name()).withNamespace(policy.namespace()).endMetadata()
        .withNewSpec()
        .withSelector(SecurityTranslator.selector(policy.selector()))
        .withAccessLogging(accessLogging == null ? List.of() : List.of(accessLogging))
        .withTracing(traces == null ? List.of() : List.of(traces))
        .endSpec()
        .build()));
  }

  static List<MeshResource> workloadEntry(ExternalWorkload workload) {
    return List.of(IstioJson.toResource(new io.fabric8.istio.api.networking.v1.WorkloadEntryBuilder()
            .withNewMetadata().withName(workload.name()).withNamespace(workload.namespace()).endMetadata()
            .withNewSpec()
            .withAddress(workload.address().orElse(null))
            .withLabels(sorted(workload.labels()))
            .withPorts(ports(workload.ports()))
            .withServiceAccount(workload.serviceAccount().orElse(null))
            .withNetwork(workload.network().orElse(null))
            .withLocality(workload.locality().orElse(null))
            .withWeight(workload.weight().map(Integer::longValue).orElse(null))
            .endSpec()
            .build()));
  }

  static List<MeshResource> workloadGroup(ExternalWorkloadGroup group) {
    return List.of(IstioJson.toResource(new WorkloadGroupBuilder()
        .withNewMetadata().withName(group.name()).withNamespace(group.namespace()).endMetadata()
        .withNewSpec()
        .withMetadata(new WorkloadGroupObjectMetaBuilder().withLabels(sorted(group.labels())).build())
        .withTemplate(new WorkloadEntryBuilder()
            .withPorts(ports(group.ports()))
            .withServiceAccount(group.serviceAccount().orElse(null))
            .withNetwork(group.network().orElse(null))
            .build())
        .endSpec()
        .build()));
  }

  private static Map<String, Long> ports(Map<String, Integer> ports) {
    Map<String, Long> out = new LinkedHashMap<>();
    new TreeMap<>(ports).forEach((name, port) -> out.put(name, port.longValue()));
    return out;
  }

  private static Map<String, String> sorted(Map<String, String> labels) {
    return new LinkedHashMap<>(new TreeMap<>(labels));
  }
}
