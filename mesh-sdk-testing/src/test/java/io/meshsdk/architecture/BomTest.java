package io.meshsdk.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The BOM users import states the versions the build tests with. It has no parent (users must
 * not inherit the build), so its version properties repeat the root pom's; this keeps them equal.
 */
@DisplayName("The BOM")
class BomTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern PROPERTY = Pattern.compile("<([a-z0-9.-]+\\.version)>([^<]+)</\\1>");
  static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  @DisplayName("states the same fabric8, Jackson, Testcontainers and Bouncy Castle versions as the build")
  void versionsMatchTheBuild() throws IOException {
    Map<String, String> bom = properties(read("mesh-sdk-bom/pom.xml"));
    Map<String, String> build = properties(read("pom.xml"));
    assertThat(bom).containsKeys("fabric8.version", "jackson.version", "testcontainers.version",
        "bouncycastle.version");
    bom.forEach((name, version) -> assertThat(build).as("root pom.xml's %s", name).containsEntry(name, version));
  }

  @Test
  @DisplayName("names every published module")
  void namesEveryPublishedModule() throws IOException {
    List<String> published = new ArrayList<>();
    Matcher module = MODULE.matcher(read("pom.xml"));
    while (module.find()) {
      String name = module.group(1);
      if (name.startsWith("mesh-sdk-") && !name.equals("mesh-sdk-bom")) {
        published.add(name);
      }
    }
    List<String> managed = new ArrayList<>();
    Matcher artifact = ARTIFACT.matcher(read("mesh-sdk-bom/pom.xml"));
    while (artifact.find()) {
      managed.add(artifact.group(1));
    }
    assertThat(published).contains("mesh-sdk-api", "mesh-sdk-demo", "mesh-sdk-spring-boot-starter");
    assertThat(managed).containsAll(published);
  }

  private static String read(String file) throws IOException {
    return Files.readString(ROOT.resolve(file));
  }

  private static Map<String, String> properties(String pom) {
    Map<String, String> properties = new LinkedHashMap<>();
    Matcher m = PROPERTY.matcher(pom);
    while (m.find()) {
      properties.put(m.group(1), m.group(2));
    }
    return properties;
  }
}
