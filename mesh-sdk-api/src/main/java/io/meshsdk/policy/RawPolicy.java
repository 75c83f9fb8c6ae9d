package io.meshsdk.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.internal.IntentSize;
import io.meshsdk.internal.MeshResourceJson;
import io.meshsdk.internal.Violations;
import io.meshsdk.internal.YamlDocuments;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.BackendCapability;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The escape hatch: mesh objects given as they are (YAML, JSON or {@link MeshResource}), for
 * what the typed policies do not say, such as an EnvoyFilter, a WasmPlugin or a ProxyConfig.
 * They go through the same plan, apply, ownership labels, intent annotation and pruning as every
 * other policy. The backend accepts only kinds it declares in its resource types and refuses
 * anything else, naming the kind.
 *
 * <pre>{@code
 * RawPolicy filter = PolicyBuilder.raw("""
 *     apiVersion: networking.istio.io/v1alpha3
 *     kind: EnvoyFilter
 *     metadata:
 *       name: add-header
 *       namespace: bookinfo
 *     spec:
 *       ...
 *     """).build();
 * }</pre>
 *
 * <p>Every object must name its namespace, and all must share it: it is the policy's namespace.
 * Server-maintained fields ({@code status}, {@code resourceVersion}, {@code uid}, ...) are dropped,
 * so an object read from a cluster can be given as it is. Labels and annotations are checked as
 * the Kubernetes API server checks them (key and value syntax and lengths, at most 256 KiB of
 * annotations), and so is the room left for the intent annotation the SDK adds.
 *
 * <p>YAML is read as {@code kubectl} reads it: a key repeated in one mapping is refused, and
 * anchors, aliases and merge keys are resolved, with a bound on how much aliases may expand; see
 * {@link Builder#parse(String)}.
 *
 * @since 0.1.0
 */
@Value.Immutable
@JsonTypeName(RawPolicy.KIND)
@JsonSerialize(as = ImmutableRawPolicy.class)
@JsonDeserialize(as = ImmutableRawPolicy.class)
public abstract class RawPolicy implements Policy {

  /** The policy kind, as stored with the intent. */
  public static final String KIND = "RawPolicy";

  private static final List<String> SERVER_FIELDS =
      List.of("resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink");
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  RawPolicy() {}

  /**
   * Starts a raw policy; {@link PolicyBuilder#raw(String)} reads better.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The objects, as given.
   *
   * @return the objects, in order
   */
  @JsonSerialize(contentUsing = MeshResourceJson.Serializer.class)
  @JsonDeserialize(contentUsing = MeshResourceJson.Deserializer.class)
  public abstract List<MeshResource> resources();

  /**
   * The namespace of the objects.
   *
   * @return the first object's namespace
   */
  @Override
  @Value.Default
  public String namespace() {
    return resources().isEmpty() ? "" : resources().get(0).namespace().orElse("");
  }

  /**
   * The policy's name: for one object its kind and name ({@code envoyfilter-add-header}); to be
   * set for several.
   *
   * @return a DNS-1123 label
   */
  @Override
  @Value.Default
  public String name() {
    if (resources().size() != 1) {
      return "";
    }
    MeshResource only = resources().get(0);
    return only.kind().toLowerCase(Locale.ROOT) + "-" + only.name();
  }

  @Override
  @JsonIgnore
  public final String kind() {
    return KIND;
  }

  @Override
  @JsonIgnore
  public final BackendCapability capability() {
    return BackendCapability.RAW_RESOURCE;
  }

  @Value.Check
  void check() {
    Violations v = new Violations();
    if (resources().isEmpty()) {
      v.add("resources", "must hold at least one object");
    }
    if (name().isEmpty() && resources().size() > 1) {
      v.add("name", "must be set for a policy of " + resources().size() + " objects; use named(...)");
    } else {
      v.dnsLabel("name", name());
    }
    v.dnsLabel("namespace", namespace());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < resources().size(); i++) {
      MeshResource resource = resources().get(i);
      String path = "resources[" + i + "]";
      if (resource.namespace().isEmpty()) {
        v.add(path + ".metadata.namespace", "must be set: " + resource.kind() + " " + resource.name()
            + " needs a namespace, which is the policy's");
      } else if (!resource.namespace().get().equals(namespace())) {
        v.add(path + ".metadata.namespace", "must be the policy's namespace " + Violations.quote(namespace())
            + ", but was " + Violations.quote(resource.namespace().get()));
      }
      v.dnsSubdomain(path + ".metadata.name", resource.name());
      if (!resource.apiVersion().contains("/")) {
        v.add(path + ".apiVersion", "must be group/version of a mesh API, but was " + Violations.quote(resource.apiVersion()));
      }
      if (!seen.add(resource.apiVersion() + "/" + resource.kind() + "/" + resource.name())) {
        v.add(path, "repeats " + resource.ref());
      }
      JsonNode metadata = resource.content().path("metadata");
      checkStrings(v, path + ".metadata.labels", metadata.path("labels"));
      checkStrings(v, path + ".metadata.annotations", metadata.path("annotations"));
      v.labels(path + ".metadata.labels", resource.labels());
      v.annotations(path + ".metadata.annotations", resource.annotations());
      for (String label : resource.labels().keySet()) {
        if (label.startsWith("mesh.meshsdk.io/") || label.equals("app.kubernetes.io/managed-by")) {
          v.add(path + ".metadata.labels." + label, "is set by mesh-sdk itself; leave it out");
        }
      }
      for (String annotation : resource.annotations().keySet()) {
        if (annotation.startsWith("mesh.meshsdk.io/")) {
          v.add(path + ".metadata.annotations." + annotation, "is set by mesh-sdk itself; leave it out");
        }
      }
      if (!resource.content().path("spec").isObject()) {
        v.add(path + ".spec", "must be an object: a mesh object without a spec says nothing");
      }
    }
    long ownAnnotations = 0;
    for (MeshResource resource : resources()) {
      long bytes = 0;
      for (Map.Entry<String, String> a : resource.annotations().entrySet()) {
        bytes += Violations.utf8Length(a.getKey()) + Violations.utf8Length(a.getValue());
      }
      ownAnnotations = Math.max(ownAnnotations, bytes);
    }
    IntentSize.check(v, this, ownAnnotations);
    v.throwIfAnyForPolicy(KIND + " " + namespace() + "/" + name());
  }

  /** Labels and annotations are maps of strings; a number or a boolean must be quoted. */
  private static void checkStrings(Violations v, String field, JsonNode map) {
    if (map.isMissingNode() || map.isNull()) {
      return;
    }
    if (!map.isObject()) {
      v.add(field, "must be a map of strings, but was " + map.getNodeType());
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual()) {
        v.add(field + "." + entry.getKey(), "must be a string, but was " + entry.getValue().getNodeType()
            + "; quote it in YAML");
      }
    }
  }

  /** Builds a {@link RawPolicy}; see {@link PolicyBuilder#raw(String)}. */
  public static final class Builder extends ImmutableRawPolicy.Builder {
    private final Violations unreadable = new Violations();
    private int documents;

    Builder() {}

    /**
     * Adds the objects of a YAML stream (one or more documents separated by {@code ---}) or of a
     * JSON object, read as {@code kubectl} reads a manifest. A key repeated in one mapping is
     * refused, naming its path. Anchors and aliases are resolved, merge keys ({@code <<: *base})
     * included; an alias to an anchor not defined before it is refused, and aliases may add at
     * most 10,000 nodes per call, which stops
     * documents of nested aliases (the "billion laughs") early. Every problem is reported by
     * {@link #build()} at {@code documents[i]} and its path inside the document.
     *
     * <pre>{@code
     * PolicyBuilder.raw(Files.readString(Path.of("envoyfilter.yaml")))
     * }</pre>
     *
     * @param yamlOrJson the text
     * @return this builder
     */
    public Builder parse(String yamlOrJson) {
      List<JsonNode> docs = YamlDocuments.read(yamlOrJson, documents, unreadable);
      for (JsonNode doc : docs) {
        String field = "documents[" + documents++ + "]";
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        if (!(doc instanceof ObjectNode)) {
          unreadable.add(field, "must be an object, but was " + doc.getNodeType());
          continue;
        }
        add(field, (ObjectNode) doc);
      }
      return this;
    }

    /**
     * Adds an object.
     *
     * <pre>{@code
     * PolicyBuilder.raw(MeshResource.parse(json))
     * }</pre>
     *
     * @param resource the object
     * @return this builder
     */
    public Builder resource(MeshResource resource) {
      add("documents[" + documents++ + "]", resource.content());
      return this;
    }

    private void add(String field, ObjectNode object) {
      object.remove("status");
      JsonNode metadata = object.get("metadata");
      if (metadata instanceof ObjectNode) {
        ((ObjectNode) metadata).remove(SERVER_FIELDS);
        JsonNode annotations = metadata.get("annotations");
        if (annotations instanceof ObjectNode) {
          ((ObjectNode) annotations).remove(LAST_APPLIED);
          if (annotations.isEmpty()) {
            ((ObjectNode) metadata).remove("annotations");
          }
        }
      }
      try {
        addResource(MeshResource.of(object));
      } catch (IllegalArgumentException e) {
        unreadable.add(field, e.getMessage());
      }
    }

    /**
     * Names the policy explicitly, as needed for several objects.
     *
     * <pre>{@code
     * PolicyBuilder.raw(yaml).named("lua-filters")
     * }</pre>
     *
     * @param name a DNS-1123 label
     * @return this builder
     */
    public Builder named(String name) {
      return name(name);
    }

    @Override
    public RawPolicy build() {
      unreadable.throwIfAnyForPolicy(KIND);
      return super.build();
    }
  }
}
