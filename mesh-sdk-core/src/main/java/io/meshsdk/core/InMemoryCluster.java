package io.meshsdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshConflictException;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.resource.ResourceRef;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One embedded cluster: a map of objects with resource versions, behaving like an API server
 * for what the SDK needs (label-selected lists, preconditions on resource version, tokens for
 * service-account token Secrets). Tests use
 * it to look at what was written, to count writes, to edit objects out of band and to inject
 * failures.
 *
 * <p>Objects are kept as compact JSON text, as an API server keeps them serialised, and read into
 * a {@link MeshResource} on each read: a cluster of 100,000 objects takes about a kilobyte per
 * object rather than the several a tree of each would. Every read returns a new copy.
 *
 * @since 0.1.0
 */
public final class InMemoryCluster {
  private final String name;
  private final AtomicLong versions;
  private static final ObjectWriter WRITER = new ObjectMapper().writer();

  private final TreeMap<ResourceRef, Stored> objects = new TreeMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private long writes;
  private long lists;

  InMemoryCluster(String name, AtomicLong versions) {
    this.name = name;
    this.versions = versions;
  }

  /**
   * The cluster's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Every object on the cluster.
   *
   * @return the objects, ordered by kind, namespace and name
   */
  public List<MeshResource> objects() {
    List<Stored> stored;
    synchronized (this) {
      stored = new ArrayList<>(objects.values());
    }
    return stored.stream().map(Stored::read).collect(Collectors.toUnmodifiableList());
  }

  /**
   * One object.
   *
   * @param kind the kind
   * @param namespace the namespace
   * @param name the name
   * @return the object, or empty
   */
  public Optional<MeshResource> find(String kind, String namespace, String name) {
    Stored found = null;
    synchronized (this) {
      for (Map.Entry<ResourceRef, Stored> entry : objects.entrySet()) {
        ResourceRef ref = entry.getKey();
        if (ref.kind().equals(kind) && ref.namespace().orElse("").equals(namespace == null ? "" : namespace)
            && ref.name().equals(name)) {
          found = entry.getValue();
          break;
        }
      }
    }
    return Optional.ofNullable(found).map(Stored::read);
  }

  /**
   * How many creates, updates and deletes the SDK made on this cluster.
   *
   * @return the number of writes
   */
  public synchronized long writes() {
    return writes;
  }

  /**
   * How many list calls the SDK made on this cluster.
   *
   * @return the number of lists
   */
  public synchronized long lists() {
    return lists;
  }

  /**
   * Writes an object as someone other than the SDK would: not counted as an SDK write, no
   * preconditions. Use it to plant foreign objects or to edit SDK objects out of band.
   *
   * @param resource the object
   * @return the object as stored, with a new resource version
   */
  public synchronized MeshResource putOutOfBand(MeshResource resource) {
    return store(resource);
  }

  /**
   * Deletes an object as someone other than the SDK would.
   *
   * @param ref the object
   * @return whether it existed
   */
  public synchronized boolean removeOutOfBand(ResourceRef ref) {
    return objects.remove(key(ref)) != null;
  }

  /**
   * Makes the next writes fail, for testing retries and partial failure.
   *
   * @param times how many writes fail
   * @param code the error code they fail with; retryable codes are retried by the engine
   */
  public synchronized void failNextWrites(int times, ErrorCode code) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(code));
    }
  }

  List<MeshResource> list(ResourceType type, String namespace, Map<String, String> selector) {
    List<Stored> matching = new ArrayList<>();
    synchronized (this) {
      lists++;
      for (Map.Entry<ResourceRef, Stored> entry : objects.entrySet()) {
        ResourceRef ref = entry.getKey();
        if (ref.kind().equals(type.kind()) && ref.apiVersion().equals(type.group())
            && (namespace == null || namespace.equals(ref.namespace().orElse(null)))
            && entry.getValue().hasLabels(selector)) {
          matching.add(entry.getValue());
        }
      }
    }
    List<MeshResource> out = new ArrayList<>(matching.size());
    matching.forEach(o -> out.add(o.read())); // outside the lock: reading is most of the work
    return out;
  }

  Optional<MeshResource> get(ResourceType type, String namespace, String name) {
    Stored stored;
    synchronized (this) {
      stored = objects.get(key(ResourceRef.of(type.apiVersion(), type.kind(), namespace, name)));
    }
    return Optional.ofNullable(stored).map(Stored::read);
  }

  synchronized MeshResource apply(MeshResource resource, ApplyOptions options) {
    failIfInjected();
    Stored live = objects.get(key(resource.ref()));
    if (live != null && options.createOnly()) {
      throw new MeshConflictException(ErrorCode.ALREADY_EXISTS, resource.ref() + " already exists on cluster " + name);
    }
    if (options.expectedResourceVersion().isPresent()
        && (live == null || !options.expectedResourceVersion().get().equals(live.resourceVersion))) {
      throw new MeshConflictException(ErrorCode.STALE_PLAN, "object.stale",
          Map.of("object", resource.ref().toString(), "cluster", name),
          resource.ref() + " on cluster " + name + " changed since it was read (expected resourceVersion "
              + options.expectedResourceVersion().get() + ", found "
              + (live == null ? "no object" : live.resourceVersion) + ")");
    }
    if (options.dryRun()) {
      return resource;
    }
    writes++;
    return store(withStatusOf(live, resource));
  }

  /**
   * The object to store for a write: its status is the one the live object has, as an API server
   * keeps the status of kinds with a status subresource across writes to the object itself (what
   * controllers report, such as a load balancer's address, is not lost when the SDK writes again).
   */
  private static MeshResource withStatusOf(Stored live, MeshResource written) {
    boolean liveStatus = live != null && live.json.contains("\"status\"");
    if (!liveStatus && written.field("status").isEmpty()) {
      return written;
    }
    ObjectNode content = written.content();
    content.remove("status");
    if (liveStatus) {
      com.fasterxml.jackson.databind.JsonNode status = live.read().content().get("status");
      if (status != null) {
        content.set("status", status);
      }
    }
    return MeshResource.of(content);
  }

  synchronized boolean delete(ResourceType type, String namespace, String name, Optional<String> expected) {
    failIfInjected();
    ResourceRef ref = ResourceRef.of(type.apiVersion(), type.kind(), namespace, name);
    Stored live = objects.get(key(ref));
    if (live == null) {
      return false;
    }
    if (expected.isPresent() && !expected.get().equals(live.resourceVersion)) {
      throw new MeshConflictException(ErrorCode.STALE_PLAN, "object.stale",
          Map.of("object", ref.toString(), "cluster", name),
          ref + " on cluster " + name + " changed since it was read");
    }
    writes++;
    objects.remove(key(ref));
    return true;
  }

  private void failIfInjected() {
    if (!faults.isEmpty()) {
      Fault fault = faults.remove(0);
      throw fault.code == ErrorCode.CONFLICT || fault.code == ErrorCode.ALREADY_EXISTS || fault.code == ErrorCode.STALE_PLAN
          ? new MeshConflictException(fault.code, "injected " + fault.code + " on cluster " + name)
          : new MeshBackendException(fault.code, name, 0, "injected " + fault.code + " on cluster " + name, null);
    }
  }

  private MeshResource store(MeshResource resource) {
    ObjectNode content = resource.content();
    ObjectNode metadata = (ObjectNode) content.get("metadata");
    if (isServiceAccountToken(content) && !content.path("data").has("token")) {
      // what the API server's token controller does: fill in a token for the service account
      String token = "in-memory-token-" + name + "-" + versions.incrementAndGet();
      content.withObjectProperty("data").put("token",
          Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }
    String version = Long.toString(versions.incrementAndGet());
    metadata.put("resourceVersion", version);
    MeshResource stored = MeshResource.of(content);
    objects.put(key(resource.ref()), new Stored(write(content), version, stored.labels()));
    return stored;
  }

  private static String write(ObjectNode content) {
    try {
      return WRITER.writeValueAsString(content);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static boolean isServiceAccountToken(ObjectNode content) {
    return "Secret".equals(content.path("kind").asText())
        && "kubernetes.io/service-account-token".equals(content.path("type").asText());
  }

  private static ResourceRef key(ResourceRef ref) {
    // identity ignores the version part of apiVersion: v1 and v1beta1 name the same object
    int slash = ref.apiVersion().indexOf('/');
    String group = slash < 0 ? "" : ref.apiVersion().substring(0, slash);
    return ResourceRef.of(group.intern(), ref.kind().intern(), ref.namespace().map(String::intern).orElse(null), ref.name());
  }

  /**
   * An object as stored: its JSON text, and what lists and preconditions need without reading it.
   * Label keys and values are interned: most are the same on every object.
   */
  private static final class Stored {
    final String json;
    final String resourceVersion;
    /** Keys and values, alternately. */
    private final String[] labels;

    Stored(String json, String resourceVersion, Map<String, String> labels) {
      this.json = json;
      this.resourceVersion = resourceVersion;
      this.labels = new String[2 * labels.size()];
      int i = 0;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        this.labels[i++] = label.getKey().intern();
        this.labels[i++] = label.getValue().intern();
      }
    }

    boolean hasLabels(Map<String, String> selector) {
      for (Map.Entry<String, String> wanted : selector.entrySet()) {
        boolean found = false;
        for (int i = 0; i < labels.length && !found; i += 2) {
          found = labels[i].equals(wanted.getKey()) && labels[i + 1].equals(wanted.getValue());
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }

    MeshResource read() {
      return MeshResource.parse(json);
    }
  }

  private static final class Fault {
    final ErrorCode code;

    Fault(ErrorCode code) {
      this.code = code;
    }
  }
}
