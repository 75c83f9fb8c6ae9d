package io.meshsdk.core;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.UnsupportedCapabilityException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.internal.AtomicFiles;
import io.meshsdk.core.internal.GitOpsFiles;
import io.meshsdk.core.internal.Ownership;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.ApplyOptions;
import io.meshsdk.spi.ClusterConnection;
import io.meshsdk.spi.ClusterConnector;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector that writes clusters as directories of YAML files instead of calling their API
 * servers, for teams that ship mesh configuration through git and Argo CD or Flux. Each object
 * the SDK applies becomes one file:
 *
 * <pre>
 * &lt;root&gt;/&lt;cluster&gt;/&lt;namespace&gt;/&lt;kind&gt;-&lt;name&gt;.yaml     for example mcpc-1/bookinfo/virtualservice-reviews.yaml
 * &lt;root&gt;/&lt;cluster&gt;/_cluster/&lt;kind&gt;-&lt;name&gt;.yaml       cluster-scoped kinds
 * </pre>
 *
 * <p>Plans read the files back, so the next plan is a diff against the repository: a file edited
 * by hand shows up as an update, a file deleted by hand as a creation. What it writes is made for
 * review: keys in a fixed order ({@code apiVersion}, {@code kind}, {@code metadata}, then the rest
 * sorted), no server-side fields, and a file is rewritten only when its content changes, so a
 * re-apply leaves the working tree untouched and a changed weight is a one-line diff.
 *
 * <p>Resource versions are emulated without writing them: an object's version is the hash of its
 * file, so a plan made before the file changed, by the SDK or by hand, fails with {@link
 * ErrorCode#STALE_PLAN} instead of overwriting the change. Files without the SDK's ownership label
 * ({@code app.kubernetes.io/managed-by: mesh-sdk}) are never modified or deleted; the SDK refuses
 * to plan over them. Files are replaced atomically, so a sync that runs while the SDK writes sees
 * whole files. Writers in one process are serialised per cluster; do not point two processes at
 * one directory at the same time (commit from one job).
 *
 * <pre>{@code
 * MeshManager meshes = MeshManager.builder()
 *     .connector(new DirectoryClusterConnector(Path.of("gitops/clusters")))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DirectoryClusterConnector implements ClusterConnector {
  /**
   * The version the directory reports for its API server. A directory has none; it reports a
   * current Kubernetes version, so that version checks treat the files like a current cluster.
   */
  public static final String SERVER_VERSION = "v1.31.0-directory";

  /** The directory, under a cluster's, that holds cluster-scoped objects. */
  public static final String CLUSTER_SCOPED = "_cluster";

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryClusterConnector.class);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");

  private final Path root;

  /**
   * Writes clusters under a directory, creating it when the first object is written.
   *
   * @param root the directory, typically inside a git working tree
   */
  public DirectoryClusterConnector(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  @Override
  public String id() {
    return "directory";
  }

  /**
   * The directory the clusters are written under.
   *
   * @return the absolute directory
   */
  public Path root() {
    return root;
  }

  /**
   * The directory of one cluster's objects.
   *
   * @param cluster the cluster's name
   * @return {@code <root>/<cluster>}
   */
  public Path clusterDirectory(String cluster) {
    requireName(DNS_LABEL, "cluster", cluster);
    return root.resolve(cluster);
  }

  @Override
  public ClusterConnection connect(ClusterSpec cluster) {
    return new Connection(cluster.name(), clusterDirectory(cluster.name()));
  }

  @Override
  public String toString() {
    return "DirectoryClusterConnector[" + root + "]";
  }

  private static String requireName(Pattern pattern, String what, String value) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new MeshException(ErrorCode.INVALID_INPUT, "a " + what + " written to a directory must be a"
          + " Kubernetes name (lower case letters, digits and '-'), but was " + value);
    }
    return value;
  }

  private static final class Connection implements ClusterConnection {
    private final String cluster;
    private final Path dir;
    private volatile boolean closed;

    Connection(String cluster, Path dir) {
      this.cluster = cluster;
      this.dir = dir;
    }

    @Override
    public String cluster() {
      return cluster;
    }

    @Override
    public List<MeshResource> list(ResourceType type, String namespace, Map<String, String> labelSelector) {
      ensureOpen();
      return io("list " + type.kind(), () -> {
        List<Path> namespaces = new ArrayList<>();
        if (!type.namespaced()) {
          namespaces.add(dir.resolve(CLUSTER_SCOPED));
        } else if (namespace != null) {
          namespaces.add(dir.resolve(requireName(DNS_LABEL, "namespace", namespace)));
        } else {
          namespaces.addAll(children(dir, Files::isDirectory).stream()
              .filter(d -> DNS_LABEL.matcher(d.getFileName().toString()).matches())
              .collect(Collectors.toList()));
        }
        String prefix = prefix(type);
        List<MeshResource> found = new ArrayList<>();
        for (Path nsDir : namespaces) {
          for (Path file : children(nsDir, Files::isRegularFile)) {
            String fileName = file.getFileName().toString();
            if (!fileName.startsWith(prefix) || !fileName.endsWith(".yaml")) {
              continue;
            }
            String name = fileName.substring(prefix.length(), fileName.length() - ".yaml".length());
            String ns = type.namespaced() ? nsDir.getFileName().toString() : null;
            read(type, ns, name, file).ifPresent(o -> {
              if (o.labels().entrySet().containsAll(labelSelector.entrySet())) {
                found.add(o);
              }
            });
          }
        }
        found.sort(Comparator.comparing((MeshResource o) -> o.namespace().orElse("")).thenComparing(MeshResource::name));
        return List.copyOf(found);
      });
    }

    @Override
    public Optional<MeshResource> get(ResourceType type, String namespace, String name) {
      ensureOpen();
      Path file = file(type, namespace, name);
      return io("read " + file, () -> read(type, namespace, name, file));
    }

    /**
     * A repository of manifests is read by many and kept forever: a Secret holding a private key
     * (a CA's {@code ca-key.pem}, a {@code tls.key}, any {@code *key.pem}) is never written into
     * it. Which keys it holds is named; their values are not.
     */
    private void refusePrivateKeys(MeshResource resource) {
      if (!"v1".equals(resource.apiVersion()) || !"Secret".equals(resource.kind())) {
        return;
      }
      for (String field : new String[] {"data", "stringData"}) {
        Iterator<String> keys = resource.content().path(field).fieldNames();
        while (keys.hasNext()) {
          String key = keys.next();
          if (key.endsWith("key.pem") || key.equals("tls.key") || key.endsWith(".key")) {
            throw new UnsupportedCapabilityException(resource.ref() + " holds the private key " + key + ", which is"
                + " never written into the manifests of cluster " + cluster + " (" + dir + "); keep it in a"
                + " secret manager and let the cluster read it from there");
          }
        }
      }
    }

    @Override
    public MeshResource apply(ResourceType type, MeshResource resource, ApplyOptions options) {
      ensureOpen();
      if (!resource.kind().equals(type.kind()) || !group(resource.apiVersion()).equals(type.group())) {
        throw new MeshException(ErrorCode.INVALID_INPUT, resource.ref() + " is not of kind " + type);
      }
      refusePrivateKeys(resource);
      String namespace = resource.namespace().orElse(null);
      Path file = file(type, namespace, resource.name());
      byte[] wanted = GitOpsFiles.render(resource);
      return io("write " + file, () -> AtomicFiles.lockedInProcess(dir, () -> {
        Optional<byte[]> existing = AtomicFiles.read(file);
        if (existing.isPresent()) {
          if (!options.force()) {
            requireOwned(type, namespace, resource.name(), file, existing.get());
          }
          if (options.createOnly()) {
            throw new MeshConflictException(ErrorCode.ALREADY_EXISTS,
                resource.ref() + " already exists on cluster " + cluster + " (" + file + ")");
          }
        }
        Optional<String> live = existing.map(GitOpsFiles::version);
        if (options.expectedResourceVersion().isPresent() && !options.expectedResourceVersion().equals(live)) {
          throw new MeshConflictException(ErrorCode.STALE_PLAN, resource.ref() + " on cluster " + cluster
              + " changed since it was read (expected resourceVersion " + options.expectedResourceVersion().get()
              + ", found " + live.orElse("no file") + " in " + file + ")");
        }
        if (options.dryRun()) {
          LOG.debug("dry run: {} of cluster {} would be written to {}", resource.ref(), cluster, file);
        } else if (existing.isPresent() && Arrays.equals(existing.get(), wanted)) {
          LOG.debug("{} on cluster {} is unchanged; {} not rewritten", resource.ref(), cluster, file);
        } else {
          AtomicFiles.write(file, wanted);
          LOG.debug("wrote {} of cluster {} to {}", resource.ref(), cluster, file);
        }
        return GitOpsFiles.parse(wanted).orElseThrow(() -> new MeshException(ErrorCode.INTERNAL,
            "the YAML written for " + resource.ref() + " does not read back"));
      }));
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name, Optional<String> expectedResourceVersion) {
      ensureOpen();
      Path file = file(type, namespace, name);
      return io("delete " + file, () -> AtomicFiles.lockedInProcess(dir, () -> {
        Optional<byte[]> existing = AtomicFiles.read(file);
        if (existing.isEmpty()) {
          return false;
        }
        requireOwned(type, namespace, name, file, existing.get());
        String live = GitOpsFiles.version(existing.get());
        if (expectedResourceVersion.isPresent() && !expectedResourceVersion.get().equals(live)) {
          throw new MeshConflictException(ErrorCode.STALE_PLAN, type.kind() + " " + (namespace == null ? "" : namespace + "/")
              + name + " on cluster " + cluster + " changed since it was read (" + file + ")");
        }
        try {
          Files.delete(file);
          deleteIfEmpty(file.getParent());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        LOG.debug("deleted {} of cluster {}", file, cluster);
        return true;
      }));
    }

    /** Manifests take effect only when a GitOps controller applies them; nothing here acts on them. */
    @Override
    public boolean live() {
      return false;
    }

    @Override
    public String serverVersion() {
      ensureOpen();
      return SERVER_VERSION;
    }

    @Override
    public void close() {
      closed = true;
    }

    /** Refuses to touch a file the SDK did not write. */
    private void requireOwned(ResourceType type, String namespace, String name, Path file, byte[] content) {
      Optional<MeshResource> object = GitOpsFiles.parse(content).filter(o -> matches(o, type, namespace, name));
      if (object.isEmpty() || !Ownership.MANAGER.equals(object.get().labels().get(Ownership.MANAGED_BY))) {
        throw new MeshConflictException(file + " on cluster " + cluster + " was not written by mesh-sdk (it has no "
            + Ownership.MANAGED_BY + ": " + Ownership.MANAGER + " label); mesh-sdk never modifies or deletes it."
            + " Move the file away, or adopt it by adding the label.");
      }
    }

    private Optional<MeshResource> read(ResourceType type, String namespace, String name, Path file) {
      Optional<byte[]> content = AtomicFiles.read(file);
      if (content.isEmpty()) {
        return Optional.empty();
      }
      Optional<MeshResource> object = GitOpsFiles.parse(content.get());
      if (object.isEmpty() || !matches(object.get(), type, namespace, name)) {
        LOG.warn("ignoring {} of cluster {}: it is not one {} named {}; mesh-sdk will not write over it",
            file, cluster, type.kind(), name);
        return Optional.empty();
      }
      return object;
    }

    private static boolean matches(MeshResource object, ResourceType type, String namespace, String name) {
      return object.kind().equals(type.kind())
          && group(object.apiVersion()).equals(type.group())
          && object.name().equals(name)
          && object.namespace().orElse("").equals(type.namespaced() && namespace != null ? namespace : "");
    }

    private Path file(ResourceType type, String namespace, String name) {
      requireName(KIND, "kind", type.kind());
      requireName(DNS_SUBDOMAIN, "name", name);
      Path nsDir = type.namespaced() ? dir.resolve(requireName(DNS_LABEL, "namespace", namespace))
          : dir.resolve(CLUSTER_SCOPED);
      return nsDir.resolve(prefix(type) + name + ".yaml");
    }

    private static String prefix(ResourceType type) {
      return type.kind().toLowerCase(Locale.ROOT) + "-";
    }

    private static String group(String apiVersion) {
      int slash = apiVersion.indexOf('/');
      return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static List<Path> children(Path dir, Predicate<Path> filter) {
      if (!Files.isDirectory(dir)) {
        return List.of();
      }
      try (Stream<Path> entries = Files.list(dir)) {
        return entries.filter(p -> !p.getFileName().toString().startsWith(".")).filter(filter)
            .sorted().collect(Collectors.toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void deleteIfEmpty(Path nsDir) throws IOException {
      try {
        Files.deleteIfExists(nsDir);
      } catch (DirectoryNotEmptyException e) {
        // other objects live in the namespace
      }
    }

    private <T> T io(String doing, Supplier<T> action) {
      try {
        return action.get();
      } catch (UncheckedIOException e) {
        throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE, "cluster " + cluster + ": cannot " + doing + ": "
            + e.getCause().getMessage(), e.getCause());
      }
    }

    private void ensureOpen() {
      if (closed) {
        throw new MeshException(ErrorCode.CLUSTER_UNREACHABLE,
            "the connection to directory cluster " + cluster + " is closed");
      }
    }
  }
}
