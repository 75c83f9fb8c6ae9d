package io.meshsdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConflictException;
import io.meshsdk.MeshException;
import io.meshsdk.MeshNotFoundException;
import io.meshsdk.cluster.ClusterSpec;
import io.meshsdk.core.internal.AtomicFiles;
import io.meshsdk.core.internal.Json;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.spi.MeshStore;
import io.meshsdk.spi.SecretData;
import io.meshsdk.spi.StoreClaim;
import io.meshsdk.spi.Versioned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A store that keeps clusters, meshes and claims as JSON files in a directory, for a platform that runs
 * as one process, or as a few processes sharing a local or network file system that supports
 * file locks and atomic renames.
 *
 * <pre>
 * &lt;directory&gt;/clusters/&lt;name&gt;.json   {"kind": "cluster", "version": "3", "value": {...}}
 * &lt;directory&gt;/meshes/&lt;name&gt;.json     {"kind": "mesh", "version": "7", "value": {...}}
 * &lt;directory&gt;/claims/&lt;kind&gt;/&lt;name&gt;.json  {"kind": "claim", "version": "9", "value": {...}}
 * &lt;directory&gt;/.lock                 held while a write compares versions and writes
 * &lt;directory&gt;/.sequence             the last version handed out
 * </pre>
 *
 * <p>Every file is replaced atomically (written beside its target, then renamed over it), so a
 * reader sees a whole old value or a whole new one. Writes compare the version they were given
 * with the stored one and write while holding a lock on {@code .lock}, both against other threads
 * and against other processes, so that no update is ever lost. Versions come from one counter
 * for the whole directory and are never reused, so a value deleted and created again does not
 * accept updates meant for its predecessor. A new version is always higher than every version
 * stored in the directory, even if {@code .sequence} was deleted or replaced by an older copy; a
 * {@code .sequence} that does not hold a number is refused with an error naming it rather than
 * guessed at. Credentials are stored as the references {@link
 * ClusterSpec} holds, never inline.
 *
 * <pre>{@code
 * MeshManager meshes = MeshManager.builder()
 *     .store(new DirectoryMeshStore(Path.of("/var/lib/platform/meshes")))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DirectoryMeshStore implements MeshStore {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final ObjectMapper JSON = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path directory;
  private final Table<ClusterSpec> clusters;
  private final Table<MeshSpec> meshes;
  private final Table<StoreClaim> claims;

  /**
   * Opens a store on a directory, creating it if needed. Several instances, in this process or
   * in others, may share one directory.
   *
   * @param directory where the files live
   * @throws MeshException with {@link ErrorCode#CONFIGURATION} if the directory cannot be created
   */
  public DirectoryMeshStore(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.directory);
    } catch (IOException e) {
      throw new MeshException(ErrorCode.CONFIGURATION, "cannot create the store directory " + this.directory, e);
    }
    this.clusters = new Table<>("cluster", "clusters", ClusterSpec.class, ClusterSpec::name,
        n -> NAME.matcher(n).matches(), n -> n + ".json");
    this.meshes = new Table<>("mesh", "meshes", MeshSpec.class, MeshSpec::name,
        n -> NAME.matcher(n).matches(), n -> n + ".json");
    this.claims = new Table<>("claim", "claims", StoreClaim.class, StoreClaim::key,
        StoreClaim::isKey, k -> k + ".json");
  }

  /**
   * The directory the store keeps its files in.
   *
   * @return the absolute directory
   */
  public Path directory() {
    return directory;
  }

  @Override
  public List<Versioned<ClusterSpec>> clusters() {
    return clusters.list();
  }

  @Override
  public Optional<Versioned<ClusterSpec>> cluster(String name) {
    return clusters.get(name);
  }

  @Override
  public Versioned<ClusterSpec> createCluster(ClusterSpec cluster) {
    return clusters.create(cluster);
  }

  @Override
  public void deleteCluster(String name, String expectedVersion) {
    clusters.delete(name, expectedVersion);
  }

  @Override
  public List<Versioned<MeshSpec>> meshes() {
    return meshes.list();
  }

  @Override
  public Optional<Versioned<MeshSpec>> mesh(String name) {
    return meshes.get(name);
  }

  @Override
  public Versioned<MeshSpec> createMesh(MeshSpec mesh) {
    return meshes.create(mesh);
  }

  @Override
  public Versioned<MeshSpec> updateMesh(MeshSpec mesh, String expectedVersion) {
    return meshes.update(mesh, expectedVersion);
  }

  @Override
  public void deleteMesh(String name, String expectedVersion) {
    meshes.delete(name, expectedVersion);
  }

  /**
   * {@inheritDoc}
   *
   * @since 0.2.0
   */
  @Override
  public Optional<Versioned<StoreClaim>> claim(String key) {
    return claims.get(key);
  }

  /**
   * {@inheritDoc}
   *
   * @since 0.2.0
   */
  @Override
  public Versioned<StoreClaim> createClaim(StoreClaim claim) {
    return claims.create(claim);
  }

  /**
   * {@inheritDoc}
   *
   * @since 0.2.0
   */
  @Override
  public void deleteClaim(String key, String expectedVersion) {
    claims.delete(key, expectedVersion);
  }

  /**
   * Keeps secret values in {@code secrets/<location>.json} under the store's directory, readable
   * by the file's owner only where the file system has POSIX permissions; the records of
   * clusters and meshes refer to them by location.
   */
  @Override
  public void putSecret(String location, SecretData data) {
    Path file = secretFile(location);
    ObjectNode values = JSON.createObjectNode();
    data.values().forEach((k, v) -> values.put(k, Base64.getEncoder().encodeToString(v)));
    io("keep the secret at " + location, () -> {
      try {
        Files.createDirectories(file.getParent());
        byte[] content = JSON.writeValueAsBytes(values);
        AtomicFiles.write(file, content);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public Optional<SecretData> secret(String location) {
    Path file = secretFile(location);
    return io("read the secret at " + location, () -> AtomicFiles.read(file).map(bytes -> {
      try {
        Map<String, byte[]> values = new TreeMap<>();
        JSON.readTree(bytes).fields().forEachRemaining(e -> values.put(e.getKey(),
            Base64.getDecoder().decode(e.getValue().asText())));
        return SecretData.of(values);
      } catch (IOException | IllegalArgumentException e) {
        // the message of a parse error may quote the content, which is secret
        throw new MeshException(ErrorCode.BACKEND_ERROR, file + " is not a readable secret");
      }
    }));
  }

  @Override
  public void deleteSecret(String location) {
    Path file = secretFile(location);
    io("delete the secret at " + location, () -> {
      try {
        Files.deleteIfExists(file);
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private Path secretFile(String location) {
    if (!location.matches("[a-z0-9]([-a-z0-9./]{0,251}[a-z0-9])?") || location.contains("..")) {
      throw new MeshException(ErrorCode.INVALID_INPUT, "a secret location is lower-case letters, digits, '-', '.'"
          + " and '/', such as meshes/prod/root-ca, but was " + "\"" + location.replaceAll("[^ -~]", "?") + "\"");
    }
    return directory.resolve("secrets").resolve(location + ".json");
  }

  @Override
  public String toString() {
    return "DirectoryMeshStore[" + directory + "]";
  }

  private <T> T io(String doing, Supplier<T> action) {
    try {
      return action.get();
    } catch (UncheckedIOException e) {
      throw new MeshException(ErrorCode.BACKEND_ERROR,
          "the store in " + directory + " could not " + doing + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Hands out the next version; called under the directory lock. The next version is above both
   * the sequence and every version stored, so a sequence file lost or restored from an older copy
   * never makes a version repeat while the value holding it is still stored.
   */
  private String nextVersion() {
    Path sequence = directory.resolve(".sequence");
    long last = AtomicFiles.read(sequence)
        .map(b -> new String(b, StandardCharsets.UTF_8).trim())
        .map(s -> {
          if (!s.matches("[0-9]{1,18}")) {
            throw new MeshException(ErrorCode.BACKEND_ERROR, sequence + " does not hold a version number, so the"
                + " store cannot tell which versions it handed out; write into it a number at least as high as"
                + " every \"version\" stored under " + directory);
          }
          return Long.parseLong(s);
        })
        .orElse(0L);
    long highest = Math.max(clusters.highestVersion(), Math.max(meshes.highestVersion(), claims.highestVersion()));
    String next = Long.toString(Math.max(last, highest) + 1);
    // written before the value, so a crash in between skips a version instead of reusing one
    AtomicFiles.write(sequence, (next + "\n").getBytes(StandardCharsets.UTF_8));
    return next;
  }

  private final class Table<T> {
    private final String what;
    private final Path dir;
    private final Class<T> type;
    private final Function<T, String> name;
    private final Predicate<String> valid;
    private final Function<String, String> fileName;

    Table(String what, String dir, Class<T> type, Function<T, String> name, Predicate<String> valid,
        Function<String, String> fileName) {
      this.what = what;
      this.dir = directory.resolve(dir);
      this.type = type;
      this.name = name;
      this.valid = valid;
      this.fileName = fileName;
    }

    /** The highest numeric version of the stored files, 0 if none; files it cannot read do not count. */
    long highestVersion() {
      if (!Files.isDirectory(dir)) {
        return 0;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        long highest = 0;
        for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".json")
            && !f.getFileName().toString().startsWith("."))::iterator) {
          Optional<byte[]> bytes = AtomicFiles.read(file);
          if (bytes.isEmpty()) {
            continue;
          }
          try {
            String version = JSON.readTree(bytes.get()).path("version").asText("");
            if (version.matches("[0-9]{1,18}")) {
              highest = Math.max(highest, Long.parseLong(version));
            }
          } catch (IOException unreadable) {
            // a file that is not JSON holds no version; reading it as a value reports it
          }
        }
        return highest;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    List<Versioned<T>> list() {
      return io("list " + dir.getFileName(), () -> {
        if (!Files.isDirectory(dir)) {
          return List.of();
        }
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
          names = files.map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".json") && !f.startsWith("."))
              .map(f -> f.substring(0, f.length() - ".json".length()))
              .filter(valid)
              .sorted()
              .collect(Collectors.toList());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        List<Versioned<T>> rows = new ArrayList<>();
        for (String n : names) {
          read(n).ifPresent(rows::add); // a file deleted since listing is simply gone
        }
        return List.copyOf(rows);
      });
    }

    Optional<Versioned<T>> get(String n) {
      if (n == null || !valid.test(n)) {
        return Optional.empty();
      }
      return io("read " + what + " " + n, () -> read(n));
    }

    Versioned<T> create(T value) {
      String n = name.apply(value);
      return io("create " + what + " " + n, () -> AtomicFiles.locked(directory.resolve(".lock"), () -> {
        if (Files.exists(file(n))) {
          throw new MeshConflictException(ErrorCode.ALREADY_EXISTS, "a " + what + " named " + n + " already exists");
        }
        return write(n, value);
      }));
    }

    Versioned<T> update(T value, String expectedVersion) {
      String n = name.apply(value);
      return io("update " + what + " " + n, () -> AtomicFiles.locked(directory.resolve(".lock"), () -> {
        check(n, expectedVersion);
        return write(n, value);
      }));
    }

    void delete(String n, String expectedVersion) {
      if (n == null || !valid.test(n)) {
        throw new MeshNotFoundException("no " + what + " named " + n);
      }
      io("delete " + what + " " + n, () -> AtomicFiles.locked(directory.resolve(".lock"), () -> {
        check(n, expectedVersion);
        try {
          Files.delete(file(n));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return null;
      }));
    }

    private void check(String n, String expectedVersion) {
      Versioned<T> current = read(n).orElseThrow(() -> new MeshNotFoundException("no " + what + " named " + n));
      if (!current.version().equals(expectedVersion)) {
        throw new MeshConflictException(what + " " + n + " was changed by another writer (version "
            + expectedVersion + " read, " + current.version() + " stored); read it again");
      }
    }

    private Versioned<T> write(String n, T value) {
      String version = nextVersion();
      ObjectNode row = JSON.createObjectNode();
      row.put("kind", what);
      row.put("version", version);
      row.set("value", JSON.valueToTree(value));
      try {
        AtomicFiles.write(file(n), (JSON.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        throw new MeshException(ErrorCode.INTERNAL, "cannot serialise " + what + " " + n, e);
      }
      return Versioned.of(value, version);
    }

    private Optional<Versioned<T>> read(String n) {
      Path file = file(n);
      return AtomicFiles.read(file).map(bytes -> {
        try {
          JsonNode row = JSON.readTree(bytes);
          JsonNode version = row.path("version");
          if (!version.isTextual() || !row.path("value").isObject()) {
            throw new MeshException(ErrorCode.BACKEND_ERROR,
                file + " is not a stored " + what + ": it needs a version and a value");
          }
          T value = JSON.treeToValue(row.get("value"), type);
          if (!name.apply(value).equals(n)) {
            throw new MeshException(ErrorCode.BACKEND_ERROR, file + " holds " + what + " "
                + name.apply(value) + "; a file must be named after the " + what + " it holds");
          }
          return Versioned.of(value, version.asText());
        } catch (IOException e) {
          throw new MeshException(ErrorCode.BACKEND_ERROR, file + " is not a readable " + what + ": "
              + e.getMessage(), e);
        }
      });
    }

    private Path file(String n) {
      return dir.resolve(fileName.apply(n));
    }
  }
}
