package io.meshsdk.istio.internal.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The README's list of Istio's analyzer codes")
class ReadmeCodesTest {

  @Test
  @DisplayName("names every code of the catalogue with its level, and says for each whether it is reported or why not")
  void everyCodeListedAsItIs() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);
    for (IstioCode code : IstioCode.values()) {
      String level = code.severity().name().charAt(0) + code.severity().name().substring(1).toLowerCase(Locale.ROOT);
      String row = "| " + code.name() + " | " + code.title() + " | " + level + " | ";
      String reason = IstioCode.NOT_REPORTED.get(code);
      assertThat(readme).as("README row of %s", code)
          .contains(row + (reason == null ? "reported |" : "not reported: " + reason + " |"));
    }
  }
}
