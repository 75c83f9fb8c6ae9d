package io.meshsdk.istio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshsdk.resource.MeshResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The adoption corpus: Istio configuration of a fictional storefront application, written by hand
 * the way Istio's documented tasks configure a mesh (request routing, fault injection, traffic
 * shifting, timeouts and retries, circuit breaking, mirroring, egress, an ingress gateway, mutual
 * TLS migration, authorization, JWT), as another tool would have left it on a cluster.
 */
public final class AdoptionCorpus {
  /** The namespace every object of the corpus is in. */
  public static final String NAMESPACE = "storefront";

  private static final YAMLMapper YAML = new YAMLMapper();

  private AdoptionCorpus() {}

  /**
   * The folder of the corpus files, found from the istio module or a sibling module.
   *
   * @return the folder
   */
  public static Path folder() {
    for (Path candidate : List.of(Path.of("src/test/resources/adoption"),
        Path.of("../mesh-sdk-istio/src/test/resources/adoption"))) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("the adoption corpus is not under " + Path.of("").toAbsolutePath());
  }

  /**
   * Every object of the corpus, file by file in name order.
   *
   * @return the objects
   */
  public static List<MeshResource> objects() {
    List<MeshResource> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc instanceof ObjectNode) {
              out.add(MeshResource.of((ObjectNode) doc));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
