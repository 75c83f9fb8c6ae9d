package io.meshsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshsdk.ErrorCode;
import io.meshsdk.MeshConfigurationException;
import io.meshsdk.MeshManager;
import io.meshsdk.ValidationException;
import io.meshsdk.core.internal.DefaultMeshEngineProvider;
import io.meshsdk.spi.MeshBackend;
import io.meshsdk.spi.MeshBackendProvider;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Building a MeshManager")
class BackendResolutionTest {

  @Test
  @DisplayName("without a backend on the classpath says which dependency to add")
  void noBackend() {
    assertThatThrownBy(() -> MeshManager.builder().build())
        .isInstanceOfSatisfying(MeshConfigurationException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
          assertThat(e.getMessage()).contains("io.meshsdk:mesh-sdk-istio").contains("builder().backend(");
        });
  }

  @Test
  @DisplayName("with an explicit backend uses it and the embedded in-memory defaults")
  void explicitBackend() {
    try (MeshManager meshes = MeshManager.builder().backend(new TestBackendProvider()).build()) {
      assertThat(meshes.toString()).contains("backend=test", "connector=in-memory");
    }
  }

  @Test
  @DisplayName("with out-of-range settings lists them all")
  void badSettings() {
    assertThatThrownBy(() -> MeshManager.builder().applyParallelism(0).writesPerCluster(65)
        .retries(0, Duration.ofMillis(-1)).build())
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(v -> v.field())
            .containsExactlyInAnyOrder("applyParallelism", "writesPerCluster", "maxAttempts", "initialBackoff"));
  }

  @Test
  @DisplayName("never picks one of several backends at random")
  void severalBackends() {
    MeshBackendProvider other = new MeshBackendProvider() {
      @Override
      public String id() {
        return "other";
      }

      @Override
      public MeshBackend create() {
        throw new AssertionError("must not be created");
      }
    };
    assertThatThrownBy(() -> new DefaultMeshEngineProviderProbe().choose(java.util.List.of(new TestBackendProvider(), other)))
        .isInstanceOf(MeshConfigurationException.class)
        .hasMessageContaining("test = ").hasMessageContaining("other = ")
        .hasMessageContaining("builder().backend(");
  }

  /** Reaches the engine's choice rule, which is package-private in the internal package. */
  static final class DefaultMeshEngineProviderProbe {
    MeshBackendProvider choose(java.util.List<MeshBackendProvider> found) {
      try {
        var method = DefaultMeshEngineProvider.class.getDeclaredMethod("choose", java.util.List.class);
        method.setAccessible(true);
        return (MeshBackendProvider) method.invoke(null, found);
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw (RuntimeException) e.getCause();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }
}
