package io.meshsdk.istio.internal.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterHealth;
import io.meshsdk.istio.kubernetes.ClusterOptions;
import io.meshsdk.istio.kubernetes.WriteStrategy;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterEndpoint;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster reached over the Kubernetes API with fabric8. Every request waits for the
 * cluster's rate limit, runs with the cluster's timeouts, and fails with a {@link MeshException}
 * whose code follows the Kubernetes API conventions.
 */
public final class KubernetesConnection implements ClusterConnection {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesConnection.class);
  private static final Comparator<MeshResource> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((MeshResource r) -> r.namespace().orElse("")).thenComparing(MeshResource::name);

  private final String cluster;
  private final KubernetesClient client;
  private final ClusterOptions options;
  private final TokenBucket limiter;
  private final Clock clock;
  private final ResourceJson json;
  private volatile WriteStrategy strategy;
  private volatile boolean closed;

  /**
   * Wraps a client.
   *
   * @param cluster the cluster's name
   * @param client the client, closed with this connection
   * @param options the cluster's options
   * @param limiter the cluster's rate limit
   * @param clock for the health report's timestamp
   */
  public KubernetesConnection(String cluster, KubernetesClient client, ClusterOptions options,
      TokenBucket limiter, Clock clock) {
    this.cluster = cluster;
    this.client = client;
    this.options = options;
    this.limiter = limiter;
    this.clock = clock;
    this.json = new ResourceJson(client.getKubernetesSerialization());
    this.strategy = options.writeStrategy();
  }

  @Override
  public String cluster() {
    return cluster;
  }

  /**
   * How this connection writes now: the configured strategy, or {@link WriteStrategy#UPDATE}
   * after the API server refused server-side apply.
   *
   * @return the strategy in use
   */
  public WriteStrategy writeStrategy() {
    return strategy;
  }

  /**
   * Whether the client-side rate limit no longer applies, because the API server showed it runs
   * API Priority and Fairness.
   *
   * @return {@code true} once the limit is lifted
   */
  public boolean rateLimitLifted() {
    return limiter.lifted();
  }

  @Override
  public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
    String selector = new TreeMap<>(labelSelector).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    String what = "listing " + type.plural() + (namespace == null || !type.namespaced() ? "" : " in " + namespace);
    List<MeshResource> out = new ArrayList<>();
    String token = null;
    boolean restarted = false;
    do {
      ListOptions page = new ListOptionsBuilder().withLimit((long) options.listPageSize())
          .withContinue(token).withLabelSelector(selector.isEmpty() ? null : selector).build();
      GenericKubernetesResourceList result;
      try {
        result = call(what, () -> collection(type, namespace).list(page));
      } catch (MeshConflictException e) {
        if (e.code() != ErrorCode.STALE_PLAN || token == null || restarted) {
          throw e;
        }
        // the continue token expired (410) between pages: the list is read again, once
        LOG.debug("{} on cluster {}: continue token expired, reading the list again", what, cluster);
        restarted = true;
        out.clear();
        token = null;
        continue;
      }
      for (GenericKubernetesResource item : result.getItems()) {
        out.add(json.toMesh(item, type));
      }
      token = result.getMetadata() == null ? null : result.getMetadata().getContinue();
      token = token == null || token.isEmpty() ? null : token;
    } while (token != null);
    out.sort(BY_NAMESPACE_AND_NAME);
    return out;
  }

  @Override
  public Optional<MeshResource> get(ResourceType type, String namespace, String name) {
    return read(type, namespace, name).map(o -> json.toMesh(o, type));
  }

  private Optional<GenericKubernetesResource> read(ResourceType type, String namespace, String name) {
    return Optional.ofNullable(call("reading " + describe(type, namespace, name),
        () -> named(type, namespace, name).get()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
    ensureOpen();
    if (strategy == WriteStrategy.UPDATE) {
      return update(type, resource, options);
    }
    String what = "applying " + resource.ref();
    MeshResource body = options.createOnly()
        ? resource.withResourceVersion(NO_STORED_VERSION)
        : withUid(resource.withResourceVersion(options.expectedResourceVersion().orElse(null)), options.expectedUid());
    Resource<GenericKubernetesResource> target = on(type, namespace(type, resource)).resource(json.toFabric8(body));
    if (options.dryRun()) {
      target = (Resource<GenericKubernetesResource>) target.dryRun();
    }
    ServerSideApplicable<GenericKubernetesResource> apply = target.fieldManager(options.fieldManager());
    if (options.force()) {
      apply = apply.forceConflicts();
    }
    limiter.acquire(cluster);
    RetryAfterInterceptor.Call answer = RetryAfterInterceptor.begin();
    try {
      return json.toMesh(apply.serverSideApply(), type);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 415 || e.getCode() == 404) {
        return fallBack(type, resource, options, e.getCode());
      }
      MeshException failure = KubernetesErrors.map(cluster, what, e, answer.retryAfter());
      if (options.createOnly() && failure instanceof MeshConflictException) {
        // only a stored object can conflict: with its field managers, or with the version precondition
        throw new MeshConflictException(ErrorCode.ALREADY_EXISTS,
            what + " on cluster " + cluster + " found it already exists: " + failure.getMessage());
      }
      throw failure;
    } finally {
      answer.end();
    }
  }

  /**
   * A resource version no stored object can have (the largest etcd revision), sent with a create:
   * server-side apply creates a missing object whatever version the body names, and refuses to
   * change an existing one (409: a field another manager owns, else the version precondition). So
   * the create takes one request, and an object someone else created after the plan was read is
   * never taken over.
   */
  static final String NO_STORED_VERSION = Long.toString(Long.MAX_VALUE);

  /**
   * The body with {@code metadata.uid} set: the API server then refuses to create the object if it
   * is gone (409, "uid mismatch") and to apply to another object of the same name (409,
   * precondition failed), instead of creating or changing what the caller never read. The uid is
   * not recorded as a managed field.
   */
  private static MeshResource withUid(MeshResource body, Optional<String> uid) {
    if (uid.isEmpty()) {
      return body;
    }
    ObjectNode content = body.content();
    content.withObjectProperty("metadata").put("uid", uid.get());
    return MeshResource.of(content);
  }

  /** The server refused apply-patch: update instead, and keep doing so if that works. */
  private MeshResource fallBack(ResourceType type, MeshResource resource, ApplyOptions options, int status) {
    MeshResource stored = update(type, resource, options);
    if (strategy != WriteStrategy.UPDATE) {
      strategy = WriteStrategy.UPDATE;
      LOG.warn("cluster {} answered HTTP {} to server-side apply; writing to it by read, compare and"
          + " replace from now on. Set writeStrategy(UPDATE) for this cluster to skip the attempt.",
          cluster, status);
    }
    return stored;
  }

  /**
   * Creates, or replaces with the read resource version. A create is one request that fails if the
   * object exists; a replace lays the wanted object over the object as the caller read it, when
   * the options carry it at the expected version, and otherwise over the object read now.
   */
  private MeshResource update(ResourceType type, MeshResource resource, ApplyOptions options) {
    String namespace = namespace(type, resource);
    String what = "writing " + resource.ref();
    if (options.createOnly()) {
      try {
        GenericKubernetesResource created = call(what, () -> writable(type, namespace, resource.name(),
            json.toFabric8(resource.withResourceVersion(null)), options).create());
        return json.toMesh(created, type);
      } catch (MeshException e) {
        if (e instanceof MeshBackendException && ((MeshBackendException) e).status() == 409) {
          // API servers answer AlreadyExists; some answer 409 with another reason
          throw new MeshConflictException(ErrorCode.ALREADY_EXISTS,
              what + " on cluster " + cluster + " found it already exists");
        }
        throw e;
      }
    }
    Optional<MeshResource> lastRead = options.lastRead()
        .filter(read -> read.resourceVersion().isPresent() && read.resourceVersion().equals(options.expectedResourceVersion()));
    if (lastRead.isPresent()) {
      return replace(type, namespace, what, lastRead.get(), resource, options);
    }
    Optional<GenericKubernetesResource> liveObject = read(type, namespace, resource.name());
    if (liveObject.isEmpty()) {
      if (options.expectedResourceVersion().isPresent() || options.expectedUid().isPresent()) {
        throw new MeshConflictException(ErrorCode.STALE_PLAN, what + " on cluster " + cluster
            + " found it deleted since it was read; make a new plan");
      }
      GenericKubernetesResource created = call(what, () -> writable(type, namespace, resource.name(),
          json.toFabric8(resource.withResourceVersion(null)), options).create());
      return json.toMesh(created, type);
    }
    MeshResource live = json.toMesh(liveObject.get(), type);
    if (options.expectedUid().isPresent()
        && !options.expectedUid().get().equals(live.content().path("metadata").path("uid").asText())) {
      throw new MeshConflictException(ErrorCode.STALE_PLAN, what + " on cluster " + cluster
          + " found it deleted and created again since it was read; make a new plan");
    }
    if (options.expectedResourceVersion().isPresent()
        && !options.expectedResourceVersion().equals(live.resourceVersion())) {
      throw new MeshConflictException(ErrorCode.STALE_PLAN, what + " on cluster " + cluster
          + " found it changed since it was read (expected resourceVersion "
          + options.expectedResourceVersion().get() + ", found "
          + live.resourceVersion().orElse("none") + "); make a new plan");
    }
    return replace(type, namespace, what, live, resource, options);
  }

  /**
   * Replaces {@code live} by the wanted object laid over it, naming live's resource version: one
   * request, which the API server refuses (409) if the object changed since {@code live} was read.
   */
  private MeshResource replace(ResourceType type, String namespace, String what, MeshResource live,
      MeshResource resource, ApplyOptions options) {
    MeshResource merged = merge(live, resource);
    if (merged.equals(live)) {
      LOG.debug("{} on cluster {}: already as wanted, nothing written", what, cluster);
      return live;
    }
    try {
      GenericKubernetesResource replaced = call(what,
          () -> writable(type, namespace, resource.name(), json.toFabric8(merged), options).update());
      return json.toMesh(replaced, type);
    } catch (MeshException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        throw new MeshConflictException(ErrorCode.STALE_PLAN, what + " on cluster " + cluster
            + " found it deleted since it was read; make a new plan");
      }
      if (e.code() != ErrorCode.STALE_PLAN && e instanceof MeshBackendException
          && ((MeshBackendException) e).status() == 409) {
        // a replace that names a resource version conflicts only with a change since; some API
        // servers give that 409 another reason than Conflict
        throw new MeshConflictException(ErrorCode.STALE_PLAN, what + " on cluster " + cluster
            + " found it changed since it was read; make a new plan: " + e.getMessage());
      }
      throw e;
    }
  }

  /**
   * The live object with the wanted one laid over it: the wanted labels and annotations added to
   * the live ones, every other wanted field replacing the live one; live metadata (resource
   * version, uid) and status kept.
   */
  static MeshResource merge(MeshResource live, MeshResource wanted) {
    ObjectNode out = live.content();
    ObjectNode desired = wanted.content();
    ObjectNode metadata = out.withObjectProperty("metadata");
    for (String map : List.of("labels", "annotations")) {
      JsonNode add = desired.path("metadata").path(map);
      if (add.isObject() && !add.isEmpty()) {
        metadata.withObjectProperty(map).setAll((ObjectNode) add);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("metadata") && !field.getKey().equals("status")) {
        out.set(field.getKey(), field.getValue());
      }
    }
    return MeshResource.of(out);
  }

  @Override
  public boolean delete(ResourceType type, String namespace, String name, Optional<String> expectedResourceVersion) {
    List<StatusDetails> deleted = call("deleting " + describe(type, namespace, name), () -> {
      Resource<GenericKubernetesResource> resource = named(type, namespace, name);
      return expectedResourceVersion.isPresent()
          ? resource.lockResourceVersion(expectedResourceVersion.get()).delete()
          : resource.delete();
    });
    return !deleted.isEmpty();
  }

  /** A native JSON merge patch: one request, and the API server resolves concurrent changes. */
  @Override
  public MeshResource mergePatch(ResourceType type, String namespace, String name, ObjectNode patch) {
    String what = "patching " + describe(type, namespace, name);
    try {
      GenericKubernetesResource patched = call(what,
          () -> named(type, namespace, name).patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
              .withFieldManager(ApplyOptions.FIELD_MANAGER).build(), patch.toString()));
      return json.toMesh(patched, type);
    } catch (MeshException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        throw new MeshNotFoundException(describe(type, namespace, name) + " does not exist on cluster " + cluster);
      }
      throw e;
    }
  }

  /** The API server URL and CA as this connection's configuration has them; neither is secret. */
  @Override
  public Optional<ClusterEndpoint> endpoint() {
    Config config = client.getConfiguration();
    String ca = config.getCaCertData();
    if ((ca == null || ca.isBlank()) && config.getCaCertFile() != null) {
      try {
        ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
      } catch (IOException | RuntimeException e) {
        LOG.debug("cannot read the CA file of cluster {}; the endpoint is given without a CA", cluster);
        ca = null;
      }
    }
    return Optional.of(ClusterEndpoint.of(config.getMasterUrl(), ca == null || ca.isBlank() ? null : ca));
  }

  @Override
  public String serverVersion() {
    VersionInfo version = call("reading the version", () -> client.getKubernetesVersion());
    if (version.getGitVersion() != null && !version.getGitVersion().isBlank()) {
      return version.getGitVersion();
    }
    if (version.getMajor() != null && version.getMinor() != null) {
      return "v" + version.getMajor() + "." + version.getMinor();
    }
    throw new MeshBackendException(ErrorCode.BACKEND_ERROR, cluster, 0,
        "cluster " + cluster + " answered the version request without a version", null);
  }

  @Override
  public ClusterHealth health() {
    ensureOpen();
    return new HealthProbe(this, client, clock).probe();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      client.close();
    }
  }

  /** Runs one request: open check, rate limit, error mapping. */
  <T> T call(String what, Supplier<T> request) {
    ensureOpen();
    limiter.acquire(cluster);
    RetryAfterInterceptor.Call answer = RetryAfterInterceptor.begin();
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw KubernetesErrors.map(cluster, what, e, answer.retryAfter());
    } finally {
      answer.end();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE,
          "the connection to cluster " + cluster + " is closed");
    }
  }

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> all(ResourceType type) {
    return client.genericKubernetesResources(ResourceJson.context(type));
  }

  private io.fabric8.kubernetes.client.dsl.Listable<GenericKubernetesResourceList> collection(
      ResourceType type, String namespace) {
    if (!type.namespaced()) {
      return all(type);
    }
    return namespace == null ? all(type).inAnyNamespace() : all(type).inNamespace(namespace);
  }

  private Resource<GenericKubernetesResource> named(ResourceType type, String namespace, String name) {
    return on(type, namespace).withName(name);
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> on(ResourceType type, String namespace) {
    return type.namespaced() ? all(type).inNamespace(namespace) : all(type);
  }

  @SuppressWarnings("unchecked")
  private Resource<GenericKubernetesResource> writable(ResourceType type, String namespace, String name,
      GenericKubernetesResource object, ApplyOptions options) {
    Resource<GenericKubernetesResource> resource = on(type, namespace).resource(object);
    // fabric8's operations are one class; fieldManager() is declared on the apply view only
    resource = (Resource<GenericKubernetesResource>) resource.fieldManager(options.fieldManager());
    return options.dryRun() ? (Resource<GenericKubernetesResource>) resource.dryRun() : resource;
  }

  private static String namespace(ResourceType type, MeshResource resource) {
    if (!type.namespaced()) {
      return null;
    }
    return resource.namespace().orElseThrow(() -> new MeshException(ErrorCode.INVALID_INPUT,
        resource.ref() + " is of a namespaced kind but has no namespace"));
  }

  private static String describe(ResourceType type, String namespace, String name) {
    return type.kind() + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
