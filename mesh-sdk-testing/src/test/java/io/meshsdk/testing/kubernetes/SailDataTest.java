package io.meshsdk.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

@DisplayName("Locating the Sail operator's CRDs")
class SailDataTest {
  private final String before = System.getProperty(SailData.PROPERTY);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(SailData.PROPERTY);
    } else {
      System.setProperty(SailData.PROPERTY, before);
    }
  }

  @Test
  @DisplayName("skips naming what to provide where they are absent, and fails on CI")
  void absent(@TempDir java.nio.file.Path empty) {
    System.setProperty(SailData.PROPERTY, empty.toString());

    assertThatThrownBy(() -> SailData.requirePresent(false)).isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(empty.toString()).hasMessageContaining("sailoperator.io_istios.yaml");
    assertThatThrownBy(() -> SailData.requirePresent(true)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("-D" + SailData.PROPERTY);
  }
}
