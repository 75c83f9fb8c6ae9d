package io.meshsdk.core;

import io.meshsdk.analysis.Finding;
import io.meshsdk.analysis.Severity;
import io.meshsdk.policy.Policy;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.Analyzer;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.KubernetesResourceTypes;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshBackendProvider;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The test backend with analyzers: a {@code Front} whose host has no {@code Backing} on its
 * cluster is an error ({@code TST0001}), only concluded when every Backing could be read; every
 * Secret is reported as information ({@code TST0002}), and what the analyzers saw of Secrets is
 * kept in {@link #secretsSeen}.
 */
final class AnalyzingBackendProvider implements MeshBackendProvider {
  final List<MeshResource> secretsSeen = new CopyOnWriteArrayList<>();
  volatile boolean failing;

  @Override
  public String id() {
    return "test";
  }

  @Override
  public MeshBackend create() {
    MeshBackend base = new TestBackendProvider().create();
    return new MeshBackend() {
      @Override
      public String id() {
        return base.id();
      }

      @Override
      public Set<BackendCapability> capabilities() {
        return base.capabilities();
      }

      @Override
      public List<ResourceType> resourceTypes() {
        return base.resourceTypes();
      }

      @Override
      public List<MeshResource> translate(Policy policy, TranslationContext context) {
        return base.translate(policy, context);
      }

      @Override
      public List<Analyzer> analyzers() {
        return List.of(new MissingBacking(), new Secrets(), new Flaky());
      }
    };
  }

  final class MissingBacking implements Analyzer {
    @Override
    public String name() {
      return "front.backing";
    }

    @Override
    public Set<String> codes() {
      return Set.of("TST0001");
    }

    @Override
    public List<ResourceType> inputs() {
      return List.of(TestBackendProvider.FRONT, TestBackendProvider.BACKING);
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
      if (!context.complete(TestBackendProvider.BACKING)) {
        return List.of();
      }
      List<Finding> out = new ArrayList<>();
      for (ClusterResource front : context.objects(TestBackendProvider.FRONT)) {
        String host = front.resource().content().path("spec").path("host").asText();
        Set<String> backed = context.objects(front.cluster(), TestBackendProvider.BACKING).stream()
            .map(b -> b.content().path("spec").path("host").asText()).collect(Collectors.toSet());
        if (!backed.contains(host)) {
          out.add(Finding.builder().code("TST0001").name("MissingBacking").severity(Severity.ERROR)
              .message("Front " + front.ref() + " routes to host " + host + ", which has no Backing")
              .resource(front.ref()).cluster(front.cluster()).fieldPath("spec.host")
              .remediation("Add subsets for the host.").build());
        }
      }
      return out;
    }
  }

  final class Secrets implements Analyzer {
    @Override
    public String name() {
      return "secrets";
    }

    @Override
    public Set<String> codes() {
      return Set.of("TST0002");
    }

    @Override
    public List<ResourceType> inputs() {
      return List.of(KubernetesResourceTypes.SECRET);
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
      List<Finding> out = new ArrayList<>();
      for (ClusterResource secret : context.objects(KubernetesResourceTypes.SECRET)) {
        secretsSeen.add(secret.resource());
        out.add(Finding.builder().code("TST0002").name("SecretSeen").severity(Severity.INFO)
            .message("Secret " + secret.ref() + " as analysis sees it: " + secret.resource().toJson())
            .resource(secret.ref()).cluster(secret.cluster()).remediation("Nothing to do.").build());
      }
      return out;
    }
  }

  final class Flaky implements Analyzer {
    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public Set<String> codes() {
      return Set.of();
    }

    @Override
    public List<ResourceType> inputs() {
      return List.of();
    }

    @Override
    public List<Finding> analyze(AnalysisContext context) {
      if (failing) {
        throw new IllegalStateException("broken analyzer");
      }
      return List.of();
    }
  }
}
