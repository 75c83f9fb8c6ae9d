package io.meshsdk.istio.internal.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.meshsdk.mesh.MeshSpec;
import io.meshsdk.resource.ClusterResource;
import io.meshsdk.resource.MeshResource;
import io.meshsdk.spi.AnalysisContext;
import io.meshsdk.spi.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An analysis context read from YAML fixtures: a file is one cluster ({@code cluster-1}, both config
 * and data plane); a folder holds one file per cluster, named after it, whose {@code # role:} line
 * says {@code config}, {@code data-plane} or both. Every kind is complete unless a {@code #
 * incomplete: Kind} line says otherwise.
 */
final class FixtureContext implements AnalysisContext {
  static final String SINGLE = "cluster-1";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  final Map<String, List<MeshResource>> objects = new LinkedHashMap<>();
  final Set<String> config = new LinkedHashSet<>();
  final Set<String> dataPlane = new LinkedHashSet<>();
  final Set<String> incomplete = new LinkedHashSet<>();
  /** The comment lines of the fixture's files, with the cluster of each file. */
  final List<String[]> comments = new ArrayList<>();
  private final Map<Class<?>, Object> shared = new HashMap<>();

  static FixtureContext read(Path fixture) {
    FixtureContext context = new FixtureContext();
    if (Files.isDirectory(fixture)) {
      try (Stream<Path> files = Files.list(fixture)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().collect(Collectors.toList())) {
          String cluster = file.getFileName().toString().replaceFirst("\\.yaml$", "");
          context.readFile(cluster, file, false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      context.readFile(SINGLE, fixture, true);
    }
    return context;
  }

  private void readFile(String cluster, Path file, boolean single) {
    List<MeshResource> list = objects.computeIfAbsent(cluster, c -> new ArrayList<>());
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("#")) {
          comments.add(new String[] {cluster, line.substring(1).trim()});
          if (line.startsWith("# role:")) {
            String roles = line.substring("# role:".length());
            if (roles.contains("data-plane")) {
              dataPlane.add(cluster);
            }
            if (roles.replace("data-plane", "").contains("config")) {
              config.add(cluster);
            }
          }
          if (line.startsWith("# incomplete:")) {
            incomplete.add(line.substring("# incomplete:".length()).trim());
          }
        }
      }
      if (single) {
        config.add(cluster);
        dataPlane.add(cluster);
      }
      try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
        for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
          if (doc instanceof ObjectNode && doc.size() > 0) {
            list.add(MeshResource.of((ObjectNode) doc));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + file, e);
    }
  }

  /** The lines after {@code # key:} in the fixture's comments, with their cluster. */
  List<String[]> lines(String key) {
    return comments.stream().filter(c -> c[1].startsWith(key + ":"))
        .map(c -> new String[] {c[0], c[1].substring(key.length() + 1).trim()})
        .collect(Collectors.toList());
  }

  @Override
  public Optional<MeshSpec> mesh() {
    return Optional.empty();
  }

  @Override
  public List<String> clusters() {
    return List.copyOf(objects.keySet());
  }

  @Override
  public boolean isConfigCluster(String cluster) {
    return config.contains(cluster);
  }

  @Override
  public boolean isDataPlaneCluster(String cluster) {
    return dataPlane.contains(cluster);
  }

  @Override
  public boolean complete(ResourceType type) {
    return !incomplete.contains(type.kind());
  }

  @Override
  public List<ClusterResource> objects(ResourceType type) {
    List<ClusterResource> out = new ArrayList<>();
    for (Map.Entry<String, List<MeshResource>> e : objects.entrySet()) {
      for (MeshResource r : e.getValue()) {
        if (r.kind().equals(type.kind()) && r.ref().apiVersion().startsWith(type.group())) {
          out.add(ClusterResource.of(e.getKey(), r));
        }
      }
    }
    return out;
  }

  @Override
  public List<MeshResource> objects(String cluster, ResourceType type) {
    return objects(type).stream().filter(r -> r.cluster().equals(cluster)).map(ClusterResource::resource)
        .collect(Collectors.toList());
  }

  @Override
  public synchronized <T> T shared(Class<T> key, Function<AnalysisContext, T> compute) {
    return key.cast(shared.computeIfAbsent(key, k -> compute.apply(this)));
  }
}
