package io.meshsdk.istio.internal.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshBackendException;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.spi.Versioned;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One kind of stored value (clusters, meshes or claims) as ConfigMaps of a namespace: one
 * ConfigMap per value, named {@code mesh-sdk-<kind>-<name>} (a slash in a claim's key becomes a
 * dot), labelled with the manager, the store kind and the
 * value's name, holding the value's JSON under {@link #DATA_KEY}. The version is the ConfigMap's
 * resourceVersion; updates replace the ConfigMap at the version read and deletions carry it as a
 * precondition, so the API server refuses a write based on a stale read (409 Conflict). A
 * ConfigMap whose content names another value than its own name does is refused, never read as
 * either value.
 *
 * @param <T> the value's type
 */
public final class ConfigMapTable<T> {
  /** The data key holding the value's JSON. */
  public static final String DATA_KEY = "spec.json";
  /** The label naming the tool that manages the ConfigMaps. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  /** The value of {@link #MANAGED_BY}. */
  public static final String MANAGER = "mesh-sdk";
  /** The label saying which kind of value a ConfigMap holds: {@code cluster} or {@code mesh}. */
  public static final String STORE_KIND = "mesh.meshsdk.io/store-kind";
  /** The label holding the value's name. */
  public static final String NAME = "mesh.meshsdk.io/name";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .serializationInclusion(JsonInclude.Include.NON_ABSENT)
      .build();

  private final KubernetesClient client;
  private final String namespace;
  private final String kind;
  private final Class<T> type;
  private final Function<T, String> nameOf;
  private final Predicate<String> validName;

  /**
   * Creates a table of values named by DNS-1123 labels.
   *
   * @param client the client of the Global Service Cluster
   * @param namespace the namespace holding the ConfigMaps
   * @param kind {@code cluster} or {@code mesh}
   * @param type the value's class
   * @param nameOf the value's name
   */
  public ConfigMapTable(KubernetesClient client, String namespace, String kind, Class<T> type,
      Function<T, String> nameOf) {
    this(client, namespace, kind, type, nameOf, n -> DNS_LABEL.matcher(n).matches());
  }

  /**
   * Creates a table.
   *
   * @param client the client of the Global Service Cluster
   * @param namespace the namespace holding the ConfigMaps
   * @param kind {@code cluster}, {@code mesh} or {@code claim}
   * @param type the value's class
   * @param nameOf the value's name
   * @param validName which names the table may hold; other names are never looked up
   */
  public ConfigMapTable(KubernetesClient client, String namespace, String kind, Class<T> type,
      Function<T, String> nameOf, Predicate<String> validName) {
    this.client = client;
    this.namespace = namespace;
    this.kind = kind;
    this.type = type;
    this.nameOf = nameOf;
    this.validName = validName;
  }

  /**
   * Every value, ordered by name.
   *
   * @return the values with their versions
   */
  public List<Versioned<T>> list() {
    try {
      ConfigMapList list = configMaps().withLabels(Map.of(MANAGED_BY, MANAGER, STORE_KIND, kind)).list();
      return list.getItems().stream()
          .map(this::value)
          .sorted(Comparator.comparing(v -> nameOf.apply(v.value())))
          .collect(Collectors.toList());
    } catch (KubernetesClientException e) {
      throw translate(e, "list the " + kind + "s");
    }
  }

  /**
   * One value.
   *
   * @param name the value's name
   * @return the value with its version, or empty
   */
  public Optional<Versioned<T>> get(String name) {
    if (name == null || !validName.test(name)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(resource(name).get()).map(this::value);
    } catch (KubernetesClientException e) {
      throw translate(e, "read " + kind + " " + name);
    }
  }

  /**
   * Adds a value.
   *
   * @param value the value
   * @return the stored value with its version
   */
  public Versioned<T> create(T value) {
    String name = nameOf.apply(value);
    try {
      return Versioned.of(value, configMaps().resource(configMap(value, null)).create().getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new MeshConflictException(ErrorCode.ALREADY_EXISTS, "a " + kind + " named " + name + " already exists");
      }
      throw translate(e, "create " + kind + " " + name);
    }
  }

  /**
   * Replaces a value at the version read.
   *
   * @param value the new value
   * @param expectedVersion the version read
   * @return the stored value with its new version
   */
  public Versioned<T> update(T value, String expectedVersion) {
    String name = nameOf.apply(value);
    try {
      ConfigMap replaced = configMaps().resource(configMap(value, expectedVersion)).update();
      return Versioned.of(value, replaced.getMetadata().getResourceVersion());
    } catch (KubernetesClientException e) {
      throw translateWrite(e, name, expectedVersion);
    }
  }

  /**
   * Removes a value at the version read.
   *
   * @param name the value's name
   * @param expectedVersion the version read
   */
  public void delete(String name, String expectedVersion) {
    Versioned<T> current = get(name).orElseThrow(() -> new MeshNotFoundException("no " + kind + " named " + name));
    if (!current.version().equals(expectedVersion)) {
      throw conflict(name, expectedVersion, current.version());
    }
    try {
      // the version travels as a precondition, so the API server refuses if it moved since the read
      if (resource(name).lockResourceVersion(expectedVersion).delete().isEmpty()) {
        throw new MeshNotFoundException("no " + kind + " named " + name);
      }
    } catch (KubernetesClientException e) {
      throw translateWrite(e, name, expectedVersion);
    }
  }

  private MeshException translateWrite(KubernetesClientException e, String name, String expectedVersion) {
    if (e.getCode() == 409) {
      String stored = get(name).map(Versioned::version).orElse("none");
      return conflict(name, expectedVersion, stored);
    }
    if (e.getCode() == 404) {
      return new MeshNotFoundException("no " + kind + " named " + name);
    }
    return translate(e, "write " + kind + " " + name);
  }

  private MeshConflictException conflict(String name, String expected, String stored) {
    return new MeshConflictException(kind + " " + name + " was changed by another writer (version "
        + expected + " read, " + stored + " stored); read it again");
  }

  private MeshException translate(KubernetesClientException e, String doing) {
    int status = e.getCode();
    String what = "the store in namespace " + namespace + " could not " + doing;
    if (status == 404) {
      return new MeshException(ErrorCode.CONFIGURATION, what + ": namespace " + namespace
          + " does not exist in the Global Service Cluster; create it first", e);
    }
    if (status == 401 || status == 403) {
      return new MeshException(ErrorCode.CONFIGURATION, what + ": the client may not manage ConfigMaps there"
          + " (HTTP " + status + "); grant get, list, create, update and delete on configmaps", e);
    }
    ErrorCode code = status == 429 ? ErrorCode.RATE_LIMITED
        : status == 0 || status >= 500 ? ErrorCode.CLUSTER_UNREACHABLE
        : ErrorCode.BACKEND_ERROR;
    return new MeshBackendException(code, null, status, what + " (HTTP " + status + ")", e);
  }

  private Versioned<T> value(ConfigMap configMap) {
    String name = configMap.getMetadata().getName();
    String json = Optional.ofNullable(configMap.getData()).map(d -> d.get(DATA_KEY)).orElse(null);
    if (json == null) {
      throw new MeshException(ErrorCode.BACKEND_ERROR, "ConfigMap " + namespace + "/" + name
          + " has no " + DATA_KEY + "; it is not a stored " + kind);
    }
    T value;
    try {
      value = JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new MeshException(ErrorCode.BACKEND_ERROR, "ConfigMap " + namespace + "/" + name
          + " does not hold a readable " + kind + ": " + e.getOriginalMessage(), e);
    }
    String held = nameOf.apply(value);
    if (!configMapName(held).equals(name)) {
      String prefix = "mesh-sdk-" + kind + "-";
      String named = name.startsWith(prefix) ? name.substring(prefix.length()).replace('.', '/') : name;
      throw new MeshException(ErrorCode.BACKEND_ERROR, "ConfigMap " + namespace + "/" + name + " holds " + kind
          + " " + held + ", but its name says " + kind + " " + named + "; the store refuses to read it as either."
          + " Delete or repair the ConfigMap: it must be named " + configMapName(held) + " to hold " + kind + " " + held);
    }
    return Versioned.of(value, configMap.getMetadata().getResourceVersion());
  }

  private ConfigMap configMap(T value, String resourceVersion) {
    String name = nameOf.apply(value);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGER);
    labels.put(STORE_KIND, kind);
    labels.put(NAME, name.substring(name.indexOf('/') + 1));
    try {
      return new ConfigMapBuilder()
          .withNewMetadata()
          .withName(configMapName(name))
          .withNamespace(namespace)
          .withLabels(labels)
          .withResourceVersion(resourceVersion)
          .endMetadata()
          .withData(Map.of(DATA_KEY, JSON.writeValueAsString(value)))
          .build();
    } catch (JsonProcessingException e) {
      throw new MeshException(ErrorCode.INTERNAL, "cannot serialise " + kind + " " + name, e);
    }
  }

  /**
   * The name of the ConfigMap holding a value.
   *
   * @param name the value's name
   * @return {@code mesh-sdk-<kind>-<name>}, a slash in the name replaced by a dot
   */
  public String configMapName(String name) {
    return "mesh-sdk-" + kind + "-" + name.replace('/', '.');
  }

  private NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> configMaps() {
    return client.configMaps().inNamespace(namespace);
  }

  private Resource<ConfigMap> resource(String name) {
    return configMaps().withName(configMapName(name));
  }
}
