package io.meshsdk.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.policy.Policy;
import io.meshsdk.policy.TrafficPolicy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshBackendProvider;
import io.meshsdk.spi.ResourceType;
import io.meshsdk.spi.TranslationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A backend for engine tests: a TrafficPolicy becomes a {@code Backing} object (its subsets) that
 * must exist before the {@code Front} object (its routes) that refers to it.
 */
final class TestBackendProvider implements MeshBackendProvider {
  static final ResourceType BACKING = ResourceType.namespaced("test.meshsdk.io/v1", "Backing", "backings");
  static final ResourceType FRONT = ResourceType.namespaced("test.meshsdk.io/v1", "Front", "fronts");
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new Jdk8Module()).registerModule(new JavaTimeModule());

  @Override
  public String id() {
    return "test";
  }

  @Override
  public MeshBackend create() {
    return new MeshBackend() {
      @Override
      public String id() {
        return "test";
      }

      @Override
      public Set<BackendCapability> capabilities() {
        return Set.of(BackendCapability.TRAFFIC_POLICY);
      }

      @Override
      public List<ResourceType> resourceTypes() {
        return List.of(BACKING, FRONT);
      }

      @Override
      public List<MeshResource> translate(Policy policy, TranslationContext context) {
        if (!(policy instanceof TrafficPolicy)) {
          throw new UnsupportedCapabilityException("test backend translates TrafficPolicy only");
        }
        TrafficPolicy traffic = (TrafficPolicy) policy;
        List<MeshResource> out = new ArrayList<>();
        if (!traffic.subsets().isEmpty()) {
          ObjectNode backing = MeshResource.skeleton(BACKING.apiVersion(), "Backing", traffic.namespace(), traffic.name());
          backing.putObject("spec").put("host", traffic.host()).set("subsets", JSON.valueToTree(traffic.subsets()));
          out.add(MeshResource.of(backing));
        }
        if (!traffic.routes().isEmpty()) {
          ObjectNode front = MeshResource.skeleton(FRONT.apiVersion(), "Front", traffic.namespace(), traffic.name());
          front.putObject("spec").put("host", traffic.host()).set("routes", JSON.valueToTree(traffic.routes()));
          out.add(MeshResource.of(front));
        }
        return out;
      }
    };
  }
}
