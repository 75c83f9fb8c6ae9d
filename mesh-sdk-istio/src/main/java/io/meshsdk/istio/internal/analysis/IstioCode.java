package io.meshsdk.istio.internal.analysis;

import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.resource.ResourceRef;
import java.util.Map;
import java.util.TreeMap;

/**
 * Istio's analysis message catalogue: each code with its name and level, as Istio's {@code
 * analysis-messages.yaml} defines them, and for the codes the SDK does not report, why not.
 */
public enum IstioCode {
  IST0001("InternalError", Severity.ERROR),
  IST0002("Deprecated", Severity.WARNING),
  IST0101("ReferencedResourceNotFound", Severity.ERROR),
  IST0102("NamespaceNotInjected", Severity.INFO),
  IST0103("PodMissingProxy", Severity.WARNING),
  IST0106("SchemaValidationError", Severity.ERROR),
  IST0107("MisplacedAnnotation", Severity.WARNING),
  IST0108("UnknownAnnotation", Severity.WARNING),
  IST0109("ConflictingMeshGatewayVirtualServiceHosts", Severity.ERROR),
  IST0110("ConflictingSidecarWorkloadSelectors", Severity.ERROR),
  IST0111("MultipleSidecarsWithoutWorkloadSelectors", Severity.ERROR),
  IST0112("VirtualServiceDestinationPortSelectorRequired", Severity.ERROR),
  IST0116("DeploymentAssociatedToMultipleServices", Severity.WARNING),
  IST0118("PortNameIsNotUnderNamingConvention", Severity.INFO),
  IST0123("NamespaceMultipleInjectionLabels", Severity.WARNING),
  IST0125("InvalidAnnotation", Severity.WARNING),
  IST0126("UnknownMeshNetworksServiceRegistry", Severity.ERROR),
  IST0127("NoMatchingWorkloadsFound", Severity.WARNING),
  IST0128("NoServerCertificateVerificationDestinationLevel", Severity.WARNING),
  IST0129("NoServerCertificateVerificationPortLevel", Severity.WARNING),
  IST0130("VirtualServiceUnreachableRule", Severity.WARNING),
  IST0131("VirtualServiceIneffectiveMatch", Severity.INFO),
  IST0132("VirtualServiceHostNotFoundInGateway", Severity.WARNING),
  IST0133("SchemaWarning", Severity.WARNING),
  IST0134("ServiceEntryAddressesRequired", Severity.WARNING),
  IST0135("DeprecatedAnnotation", Severity.INFO),
  IST0136("AlphaAnnotation", Severity.INFO),
  IST0137("DeploymentConflictingPorts", Severity.WARNING),
  IST0138("GatewayDuplicateCertificate", Severity.WARNING),
  IST0139("InvalidWebhook", Severity.ERROR),
  IST0140("IngressRouteRulesNotAffected", Severity.WARNING),
  IST0141("InsufficientPermissions", Severity.ERROR),
  IST0142("UnsupportedKubernetesVersion", Severity.ERROR),
  IST0143("LocalhostListener", Severity.ERROR),
  IST0144("InvalidApplicationUID", Severity.WARNING),
  IST0145("ConflictingGateways", Severity.ERROR),
  IST0146("ImageAutoWithoutInjectionWarning", Severity.WARNING),
  IST0147("ImageAutoWithoutInjectionError", Severity.ERROR),
  IST0148("NamespaceInjectionEnabledByDefault", Severity.INFO),
  IST0149("JwtClaimBasedRoutingWithoutRequestAuthN", Severity.ERROR),
  IST0150("ExternalNameServiceTypeInvalidPortName", Severity.WARNING),
  IST0151("EnvoyFilterUsesRelativeOperation", Severity.WARNING),
  IST0152("EnvoyFilterUsesReplaceOperationIncorrectly", Severity.ERROR),
  IST0153("EnvoyFilterUsesAddOperationIncorrectly", Severity.ERROR),
  IST0154("EnvoyFilterUsesRemoveOperationIncorrectly", Severity.ERROR),
  IST0155("EnvoyFilterUsesRelativeOperationWithProxyVersion", Severity.WARNING),
  IST0156("UnsupportedGatewayAPIVersion", Severity.ERROR),
  IST0157("InvalidTelemetryProvider", Severity.WARNING),
  IST0158("PodsIstioProxyImageMismatchInNamespace", Severity.WARNING),
  IST0159("ConflictingTelemetryWorkloadSelectors", Severity.ERROR),
  IST0160("MultipleTelemetriesWithoutWorkloadSelectors", Severity.ERROR),
  IST0161("InvalidGatewayCredential", Severity.ERROR),
  IST0162("GatewayPortNotDefinedOnService", Severity.WARNING),
  IST0163("InvalidExternalControlPlaneConfig", Severity.WARNING),
  IST0164("ExternalControlPlaneAddressIsNotAHostname", Severity.INFO),
  IST0165("ReferencedInternalGateway", Severity.WARNING),
  IST0166("IneffectiveSelector", Severity.WARNING),
  IST0167("IneffectivePolicy", Severity.WARNING),
  IST0168("UnknownUpgradeCompatibility", Severity.WARNING),
  IST0169("UpdateIncompatibility", Severity.WARNING),
  IST0170("MultiClusterInconsistentService", Severity.WARNING),
  IST0171("NegativeConditionStatus", Severity.WARNING),
  IST0172("FutureUnsupportedGatewayAPIVersion", Severity.WARNING),
  IST0173("DestinationRuleSubsetNotSelectPods", Severity.ERROR),
  IST0174("UnknownDestinationRuleHost", Severity.WARNING),
  IST0175("JwksUriFetchUnrestricted", Severity.WARNING),
  IST0176("GatewayAPICRDVersionBelowMinimum", Severity.WARNING),
  IST0177("ConflictingServiceEntryProtocol", Severity.WARNING);

  /**
   * The codes no analyzer of the SDK reports, each with the reason: what the check needs that the
   * objects of the mesh's clusters do not hold, or why it is not about configuration or workloads.
   */
  public static final Map<IstioCode, String> NOT_REPORTED = notReported();

  private final String title;
  private final Severity severity;

  IstioCode(String title, Severity severity) {
    this.title = title;
    this.severity = severity;
  }

  /** The code's name in Istio's catalogue, for example {@code ReferencedResourceNotFound}. */
  public String title() {
    return title;
  }

  /** The code's level in Istio's catalogue. */
  public Severity severity() {
    return severity;
  }

  /** Starts a finding of this code about an object read from a cluster. */
  Finding.Builder finding(ResourceRef resource, String cluster) {
    Finding.Builder builder = Finding.builder().code(name()).name(title).severity(severity).resource(resource);
    if (cluster != null) {
      builder.cluster(cluster);
    }
    return builder;
  }

  private static Map<IstioCode, String> notReported() {
    Map<IstioCode, String> reasons = new TreeMap<>();
    reasons.put(IST0001, "reports a failure of istioctl itself, not of the configuration");
    reasons.put(IST0106, "schema errors are refused by the API server and by the SDK's validation before a plan");
    reasons.put(IST0133, "schema warnings come from Istio's validation webhook, which the SDK's validation mirrors");
    reasons.put(IST0136, "no annotation of Istio's API for workloads, services or namespaces is of an alpha-phase"
        + " feature in the Istio version the SDK targets (istioctl reports none)");
    reasons.put(IST0139, "needs the admission webhook configurations of the Istio install (install-time precheck)");
    reasons.put(IST0141, "checks the permissions of the installing user (install-time precheck)");
    reasons.put(IST0142, "checks the Kubernetes version before an install (install-time precheck)");
    reasons.put(IST0143, "needs the listening addresses of running applications, which only the proxies know");
    reasons.put(IST0148, "needs istiod's injection settings (enableNamespacesByDefault in the injector values)");
    reasons.put(IST0156, "checks the installed Gateway API CRD versions (install-time precheck)");
    reasons.put(IST0158, "needs the proxy image of the injection template in istiod's configuration");
    reasons.put(IST0163, "checks the webhook address of an external control plane install (install-time precheck)");
    reasons.put(IST0164, "checks the webhook address of an external control plane install (install-time precheck)");
    reasons.put(IST0166, "is about Kubernetes Gateway API objects, which the SDK does not read");
    reasons.put(IST0167, "is about Sidecars selecting ambient-mode workloads, which have no sidecar;"
        + " the SDK's meshes run sidecars and it does not read ambient redirection");
    reasons.put(IST0168, "compares install values across Istio releases (upgrade precheck)");
    reasons.put(IST0169, "compares install values across Istio releases (upgrade precheck)");
    reasons.put(IST0172, "checks the installed Gateway API CRD versions (install-time precheck)");
    reasons.put(IST0175, "needs istiod's environment (BLOCKED_CIDRS_IN_JWKS_URIS), which is install configuration");
    reasons.put(IST0176, "checks the installed Gateway API CRD versions (install-time precheck)");
    return java.util.Collections.unmodifiableMap(reasons);
  }
}
