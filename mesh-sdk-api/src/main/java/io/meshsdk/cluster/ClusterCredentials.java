package io.meshsdk.cluster;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.meshsdk.internal.Violations;
import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach a cluster's API server, always as a reference: a kubeconfig file, a kubeconfig
 * held in a Secret of the Global Service Cluster, or the service account of the pod the SDK runs
 * in. The SDK never stores, logs or prints the credential itself, only where to find it.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonSerialize(as = ImmutableClusterCredentials.class)
@JsonDeserialize(as = ImmutableClusterCredentials.class)
public abstract class ClusterCredentials {

  /** Where the credential lives. */
  public enum Source {
    /** A kubeconfig file on the machine the SDK runs on, optionally with a context. */
    KUBECONFIG_FILE,
    /** A kubeconfig stored under the key {@code kubeconfig} of a Secret in the GSC cluster. */
    KUBECONFIG_SECRET,
    /** The service account of the pod the SDK runs in. */
    IN_CLUSTER,
    /** No credential: the embedded in-memory clusters, or a connector that needs none. */
    NONE
  }

  ClusterCredentials() {}

  /**
   * Where the credential lives.
   *
   * @return the source kind
   */
  public abstract Source source();

  /**
   * The kubeconfig file, for {@link Source#KUBECONFIG_FILE}.
   *
   * @return the path as given
   */
  public abstract Optional<String> kubeconfigPath();

  /**
   * The kubeconfig context to use; the file's current context when absent.
   *
   * @return the context name
   */
  public abstract Optional<String> context();

  /**
   * The namespace of the Secret, for {@link Source#KUBECONFIG_SECRET}.
   *
   * @return the namespace
   */
  public abstract Optional<String> secretNamespace();

  /**
   * The name of the Secret, for {@link Source#KUBECONFIG_SECRET}.
   *
   * @return the name
   */
  public abstract Optional<String> secretName();

  /**
   * A kubeconfig file, using its current context.
   *
   * @param kubeconfig the file
   * @return the reference
   */
  public static ClusterCredentials kubeconfig(Path kubeconfig) {
    return ImmutableClusterCredentials.builder()
        .source(Source.KUBECONFIG_FILE)
        .kubeconfigPath(kubeconfig.toString())
        .build();
  }

  /**
   * A kubeconfig file and one of its contexts.
   *
   * @param kubeconfig the file
   * @param context the context name
   * @return the reference
   */
  public static ClusterCredentials kubeconfig(Path kubeconfig, String context) {
    return ImmutableClusterCredentials.builder()
        .source(Source.KUBECONFIG_FILE)
        .kubeconfigPath(kubeconfig.toString())
        .context(context)
        .build();
  }

  /**
   * A kubeconfig held in a Secret of the Global Service Cluster, under the key {@code
   * kubeconfig}.
   *
   * @param namespace the Secret's namespace
   * @param name the Secret's name
   * @return the reference
   */
  public static ClusterCredentials secret(String namespace, String name) {
    return ImmutableClusterCredentials.builder()
        .source(Source.KUBECONFIG_SECRET)
        .secretNamespace(namespace)
        .secretName(name)
        .build();
  }

  /**
   * The service account of the pod the SDK runs in.
   *
   * @return the reference
   */
  public static ClusterCredentials inCluster() {
    return ImmutableClusterCredentials.builder().source(Source.IN_CLUSTER).build();
  }

  /**
   * No credential at all; what the embedded in-memory clusters use.
   *
   * @return the reference
   */
  public static ClusterCredentials none() {
    return ImmutableClusterCredentials.builder().source(Source.NONE).build();
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    switch (source()) {
      case KUBECONFIG_FILE:
        if (kubeconfigPath().map(String::isBlank).orElse(true)) {
          v.add("credentials.kubeconfigPath", "must be given for a kubeconfig file");
        }
        break;
      case KUBECONFIG_SECRET:
        v.dnsLabel("credentials.secretNamespace", secretNamespace().orElse(""));
        v.dnsSubdomain("credentials.secretName", secretName().orElse(""));
        break;
      default:
        break;
    }
    if (source() != Source.KUBECONFIG_FILE
        && (kubeconfigPath().isPresent() || context().isPresent())) {
      v.add("credentials.kubeconfigPath", "is only allowed for a kubeconfig file");
    }
    if (source() != Source.KUBECONFIG_SECRET
        && (secretNamespace().isPresent() || secretName().isPresent())) {
      v.add("credentials.secretName", "is only allowed for a kubeconfig Secret");
    }
    v.throwIfAny("ClusterCredentials");
  }
}
