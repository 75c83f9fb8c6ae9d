package io.meshsdk.istio.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the Istio reference data (CRDs, Bookinfo sample) that tests validate against.
 *
 * <p>The folder is named by the system property {@value #PROPERTY}, by default
 * {@value #DEFAULT_DIR} resolved against the working directory. Where that folder does not exist,
 * the same files taken from the {@code istio.io/istio} module by {@code tools/real-cluster/build.sh}
 * are used ({@code istio/} of its cache folder), so a clone with nothing beside it validates
 * against Istio's schemas once the real test peers are built. Tests that need the data call
 * {@link #assumePresent()} first: where the data is absent they are skipped, except on CI
 * (environment variable {@code CI=true}), where absence is a failure so the tests always run.
 *
 * @since 0.1.0
 */
public final class IstioData {

    /** System property naming the folder that holds the Istio reference data. */
    public static final String PROPERTY = "meshsdk.istio.data";

    /** Folder used when {@value #PROPERTY} is not set, relative to the working directory. */
    public static final String DEFAULT_DIR = "../shared/istio";

    private IstioData() {
    }

    /**
     * Returns the folder holding the Istio reference data.
     *
     * @return the absolute, normalized folder named by {@value #PROPERTY}, or {@value #DEFAULT_DIR}
     */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        String dir = configured == null || configured.isBlank() ? DEFAULT_DIR : configured;
        Path named = Path.of(dir).toAbsolutePath().normalize();
        if (Files.isDirectory(named)) {
            return named;
        }
        return built().filter(Files::isDirectory).orElse(named);
    }

    /** The reference data {@code tools/real-cluster/build.sh} took from the istio.io/istio module. */
    private static Optional<Path> built() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path tools = dir.resolve("tools/real-cluster");
            if (Files.isRegularFile(tools.resolve("build.sh"))) {
                try {
                    Process print = new ProcessBuilder("bash", tools.resolve("build.sh").toString(), "--print")
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    String out = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    return print.waitFor() == 0 ? Optional.of(Path.of(out, "istio")) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Returns Istio's CustomResourceDefinitions file, {@code crd-all.gen.yaml}.
     *
     * @return the path inside {@link #dir()}; it may not exist
     */
    public static Path crds() {
        return dir().resolve("crd-all.gen.yaml");
    }

    /**
     * Returns the Services, ServiceAccounts and Deployments of Istio's Bookinfo sample.
     *
     * @return the path {@code samples/bookinfo.yaml} inside {@link #dir()}; it may not exist
     */
    public static Path bookinfo() {
        return dir().resolve("samples").resolve("bookinfo.yaml");
    }

    /**
     * Skips the calling test when the reference data is absent, or fails it on CI.
     *
     * <p>Checks {@link #dir()}, {@link #crds()} and {@link #bookinfo()}. When one is missing, the
     * test is aborted through {@link Assumptions#assumeTrue(boolean, String)} with a message naming
     * the path; when the environment variable {@code CI} is {@code true} an {@link AssertionError}
     * with the same message is thrown instead, so CI never silently skips these tests.
     *
     * @throws AssertionError on CI when the data is absent
     */
    public static void assumePresent() {
        requirePresent(List.of(dir(), crds(), bookinfo()), "true".equals(System.getenv("CI")));
    }

    /**
     * Does the work of {@link #assumePresent()} for given paths and CI flag, so it can be tested.
     *
     * @param paths the folder first, then the files inside it
     * @param ci whether absence must fail rather than skip
     */
    static void requirePresent(List<Path> paths, boolean ci) {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                String message = "Istio reference data not found at " + path
                        + "; set -D" + PROPERTY + "=<folder holding crd-all.gen.yaml>"
                        + ", check out the shared Istio reference data (expected at "
                        + DEFAULT_DIR + " relative to the working directory), or run"
                        + " tools/real-cluster/build.sh, which takes it from the istio.io/istio module";
                if (ci) {
                    throw new AssertionError(message);
                }
                Assumptions.assumeTrue(false, message);
            }
        }
    }
}
