package io.meshsdk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The architecture of mesh-sdk, checked on the compiled classes of every module (STYLE.md 12).
 *
 * <p>Modules are told apart by package, since ArchUnit sees classes, not jars:
 *
 * <ul>
 *   <li>api: {@code io.meshsdk}, {@code io.meshsdk.internal..} and {@code
 *       io.meshsdk.{cluster,mesh,policy,plan,resource,spi,topology}..}
 *   <li>core: {@code io.meshsdk.core..}
 *   <li>istio: {@code io.meshsdk.istio..}
 *   <li>testing: {@code io.meshsdk.testing..}
 * </ul>
 *
 * <p>This module depends on api, core and istio, so their classes are on its test classpath. The
 * {@link EveryRuleCanFail} group proves that each rule does fire, on small classes compiled for the
 * purpose, so that a rule never passes because it looks at nothing.
 */
@DisplayName("The architecture of mesh-sdk")
class ArchitectureTest {

  // ---- modules, by package ------------------------------------------------------------------

  static final String[] API = {
    "io.meshsdk",
    "io.meshsdk.internal..",
    "io.meshsdk.cluster..",
    "io.meshsdk.mesh..",
    "io.meshsdk.policy..",
    "io.meshsdk.plan..",
    "io.meshsdk.resource..",
    "io.meshsdk.spi..",
    "io.meshsdk.topology..",
    "io.meshsdk.access..",
    "io.meshsdk.event..",
    "io.meshsdk.gateway..",
    "io.meshsdk.trust..",
    "io.meshsdk.inventory..",
    "io.meshsdk.analysis.."
  };
  static final String CORE = "io.meshsdk.core..";
  static final String ISTIO = "io.meshsdk.istio..";
  static final String TESTING = "io.meshsdk.testing..";
  static final String DEMO = "io.meshsdk.demo..";

  /** Test libraries, which must not reach a production classpath through mesh-sdk-demo. */
  static final String[] TEST_LIBRARIES = {"org.junit..", "org.assertj..", "org.opentest4j..", "org.testcontainers.."};

  /** fabric8 (Kubernetes and Istio models) and the other Java models of Istio's API. */
  static final String[] KUBERNETES_AND_ISTIO_MODELS = {
    "io.fabric8..", "io.istio..", "istio..", "me.snowdrop.istio.."
  };

  // ---- the rules ----------------------------------------------------------------------------

  /** (a) STYLE.md 1: the API jar is the contract, and the engine is backend-neutral. */
  static final ArchRule API_AND_CORE_FREE_OF_FABRIC8 =
      noClasses()
          .that()
          .resideInAnyPackage(concat(API, CORE))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(KUBERNETES_AND_ISTIO_MODELS)
          .because(
              "no fabric8 or Istio model type may appear in mesh-sdk-api or mesh-sdk-core;"
                  + " only mesh-sdk-istio speaks fabric8 (DESIGN.md 2)")
          .allowEmptyShould(false);

  /** (b) io.meshsdk.internal belongs to the api module. */
  static final ArchRule API_INTERNALS_STAY_IN_API =
      noClasses()
          .that()
          .resideOutsideOfPackages(API)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.meshsdk.internal..")
          .because("io.meshsdk.internal is an implementation detail of mesh-sdk-api (STYLE.md 2)")
          .allowEmptyShould(false);

  /** (b) io.meshsdk.core.internal belongs to the core module. */
  static final ArchRule CORE_INTERNALS_STAY_IN_CORE =
      noClasses()
          .that()
          .resideOutsideOfPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.meshsdk.core.internal..")
          .because(
              "io.meshsdk.core.internal is an implementation detail of mesh-sdk-core (STYLE.md 2)")
          .allowEmptyShould(false);

  /** (b) io.meshsdk.istio.internal belongs to the istio module. */
  static final ArchRule ISTIO_INTERNALS_STAY_IN_ISTIO =
      noClasses()
          .that()
          .resideOutsideOfPackage(ISTIO)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.meshsdk.istio.internal..")
          .because(
              "io.meshsdk.istio.internal is an implementation detail of mesh-sdk-istio"
                  + " (STYLE.md 2)")
          .allowEmptyShould(false);

  /** (c) STYLE.md 9: one unchecked exception root. */
  static final ArchRule NO_CHECKED_EXCEPTIONS_IN_PUBLIC_API =
      noCodeUnits()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat(accessibleOutsideTheirPackage())
          .and()
          .areDeclaredInClassesThat()
          .resideOutsideOfPackage("..internal..")
          .should()
          .declareThrowableOfType(checkedException())
          .because(
              "mesh-sdk reports failures with the unchecked MeshException hierarchy (STYLE.md 9)")
          .allowEmptyShould(false);

  /** (d) The api module is what everything else builds on; it sees none of them. */
  static final ArchRule API_DEPENDS_ON_NO_OTHER_MODULE =
      noClasses()
          .that()
          .resideInAnyPackage(API)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(CORE, ISTIO, TESTING, DEMO)
          .because(
              "mesh-sdk-api depends on no other module; it finds the engine and the backends"
                  + " through the SPI and ServiceLoader (DESIGN.md 2, 4)")
          .allowEmptyShould(false);

  /** (d) The engine is backend-neutral and knows nothing of the test kit. */
  static final ArchRule CORE_DEPENDS_ON_NEITHER_ISTIO_NOR_TESTING =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ISTIO, TESTING)
          .because("mesh-sdk-core depends on mesh-sdk-api only (DESIGN.md 2)")
          .allowEmptyShould(false);

  /** (d) The demo telemetry runs in production demo modes: the api only, no test library. */
  static final ArchRule DEMO_DEPENDS_ON_API_ONLY =
      noClasses()
          .that()
          .resideInAPackage(DEMO)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(concat(TEST_LIBRARIES, CORE, ISTIO, TESTING))
          .because(
              "mesh-sdk-demo is used outside tests, so it depends on mesh-sdk-api only and on no"
                  + " test library (DESIGN.md 2)")
          .allowEmptyShould(false);

  // ---- the classes --------------------------------------------------------------------------

  private static JavaClasses meshSdk;

  @BeforeAll
  static void importMeshSdk() {
    meshSdk =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.meshsdk");
  }

  @Test
  @DisplayName(
      "It sees the classes of the api, core and istio modules, so every rule has work to do")
  void importsEveryModule() {
    Map<String, Long> perModule =
        meshSdk.stream()
            .collect(Collectors.groupingBy(ArchitectureTest::moduleOf, Collectors.counting()));
    assertThat(perModule)
        .as("imported classes per module (none may be missing from the test classpath)")
        .containsKeys("api", "core", "istio", "demo");
    assertThat(meshSdk.contain("io.meshsdk.MeshManager")).isTrue();
    assertThat(perModule).doesNotContainKey("unknown");
  }

  @Nested
  @DisplayName("Module boundaries")
  class ModuleBoundaries {

    @Test
    @DisplayName("No class of the api or the core depends on fabric8 or on an Istio model type")
    void apiAndCoreAreFreeOfFabric8() {
      API_AND_CORE_FREE_OF_FABRIC8.check(meshSdk);
    }

    @Test
    @DisplayName("The api depends on neither the core, nor the Istio backend, nor the testing kit")
    void apiDependsOnNoOtherModule() {
      API_DEPENDS_ON_NO_OTHER_MODULE.check(meshSdk);
    }

    @Test
    @DisplayName("The core depends on neither the Istio backend nor the testing kit")
    void coreDependsOnNeitherIstioNorTesting() {
      CORE_DEPENDS_ON_NEITHER_ISTIO_NOR_TESTING.check(meshSdk);
    }

    @Test
    @DisplayName("The demo telemetry depends on the api only, and on no test library")
    void demoDependsOnApiOnly() {
      DEMO_DEPENDS_ON_API_ONLY.check(meshSdk);
    }
  }

  @Nested
  @DisplayName("Internal packages")
  class InternalPackages {

    @Test
    @DisplayName("io.meshsdk.internal is used only by classes of the api")
    void apiInternalsStayInApi() {
      API_INTERNALS_STAY_IN_API.check(meshSdk);
    }

    @Test
    @DisplayName("io.meshsdk.core.internal is used only by classes of the core")
    void coreInternalsStayInCore() {
      CORE_INTERNALS_STAY_IN_CORE.check(meshSdk);
    }

    @Test
    @DisplayName("io.meshsdk.istio.internal is used only by classes of the Istio backend")
    void istioInternalsStayInIstio() {
      ISTIO_INTERNALS_STAY_IN_ISTIO.check(meshSdk);
    }
  }

  @Nested
  @DisplayName("Exceptions")
  class Exceptions {

    @Test
    @DisplayName("No public method or constructor of a public type declares a checked exception")
    void noCheckedExceptionsInPublicApi() {
      NO_CHECKED_EXCEPTIONS_IN_PUBLIC_API.check(meshSdk);
    }
  }

  /**
   * Each rule, run on a few classes compiled here that break it on purpose, reports exactly the
   * offender. The fixtures live in a temporary directory, never on the classpath.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("Every rule can fail")
  class EveryRuleCanFail {

    private JavaClasses fixtures;

    @BeforeAll
    void compileFixtures(@TempDir Path dir) throws IOException {
      fixtures =
          compile(
              dir,
              // a stand-in for fabric8, so the fixtures need nothing from the classpath
              "package io.fabric8.kubernetes.api.model; public class Pod {}",
              "package io.meshsdk.policy;"
                  + " public class LeakyPolicy {"
                  + "   public io.fabric8.kubernetes.api.model.Pod pod() { return null; } }",
              "package io.meshsdk.core; public class CleanCore {}",
              "package io.meshsdk.internal;"
                  + " public class ApiHelper { public static void help() {} }",
              "package io.meshsdk.core; public class BorrowsApiInternals {"
                  + "   void go() { io.meshsdk.internal.ApiHelper.help(); } }",
              "package io.meshsdk.core.internal;"
                  + " public class Engine { public static void run() {} }",
              "package io.meshsdk.istio; public class BorrowsCoreInternals {"
                  + "   void go() { io.meshsdk.core.internal.Engine.run(); } }",
              "package io.meshsdk.istio.internal; public class Translator {}",
              "package io.meshsdk.testing; public class BorrowsIstioInternals {"
                  + "   io.meshsdk.istio.internal.Translator translator; }",
              "package io.meshsdk.plan; public class Thrower {"
                  + "   public Thrower() throws Exception {}"
                  + "   public void load() throws java.io.IOException {}"
                  + "   public void fine() throws IllegalStateException {}"
                  + "   void hidden() throws java.io.IOException {} }",
              "package io.meshsdk.plan; class HiddenThrower {"
                  + "   public void load() throws java.io.IOException {} }",
              "package io.meshsdk.plan.internal; public class InternalThrower {"
                  + "   public void load() throws java.io.IOException {} }",
              "package io.meshsdk.mesh; public class ReachesIntoIstio {"
                  + "   io.meshsdk.istio.BorrowsCoreInternals backend; }",
              "package io.meshsdk.core; public class ReachesIntoTesting {"
                  + "   io.meshsdk.testing.BorrowsIstioInternals kit; }",
              // a stand-in for JUnit, as for fabric8 above
              "package org.junit.jupiter.api; public class Assertions {}",
              "package io.meshsdk.demo; public class AssertsInProduction {"
                  + "   org.junit.jupiter.api.Assertions assertions; }");
    }

    @Test
    @DisplayName("An api class using fabric8 is reported")
    void fabric8InApi() {
      assertViolations(API_AND_CORE_FREE_OF_FABRIC8, "io.meshsdk.policy.LeakyPolicy");
    }

    @Test
    @DisplayName("The core using io.meshsdk.internal is reported")
    void apiInternalsOutsideApi() {
      assertViolations(API_INTERNALS_STAY_IN_API, "io.meshsdk.core.BorrowsApiInternals");
    }

    @Test
    @DisplayName("The Istio backend using io.meshsdk.core.internal is reported")
    void coreInternalsOutsideCore() {
      assertViolations(CORE_INTERNALS_STAY_IN_CORE, "io.meshsdk.istio.BorrowsCoreInternals");
    }

    @Test
    @DisplayName("The testing kit using io.meshsdk.istio.internal is reported")
    void istioInternalsOutsideIstio() {
      assertViolations(ISTIO_INTERNALS_STAY_IN_ISTIO, "io.meshsdk.testing.BorrowsIstioInternals");
    }

    @Test
    @DisplayName(
        "A public constructor and a public method declaring checked exceptions are reported;"
            + " unchecked, non-public and internal ones are not")
    void checkedExceptions() {
      List<String> violations = violations(NO_CHECKED_EXCEPTIONS_IN_PUBLIC_API);
      assertThat(violations)
          .hasSize(2)
          .anySatisfy(v -> assertThat(v).contains("Thrower.<init>()"))
          .anySatisfy(v -> assertThat(v).contains("Thrower.load()"));
      assertThat(String.join("\n", violations))
          .doesNotContain("fine()", "hidden()", "HiddenThrower", "InternalThrower");
    }

    @Test
    @DisplayName("The api depending on the Istio backend is reported")
    void apiOnIstio() {
      assertViolations(API_DEPENDS_ON_NO_OTHER_MODULE, "io.meshsdk.mesh.ReachesIntoIstio");
    }

    @Test
    @DisplayName("The core depending on the testing kit is reported")
    void coreOnTesting() {
      assertViolations(
          CORE_DEPENDS_ON_NEITHER_ISTIO_NOR_TESTING, "io.meshsdk.core.ReachesIntoTesting");
    }

    @Test
    @DisplayName("The demo telemetry depending on JUnit is reported")
    void demoOnTestLibrary() {
      assertViolations(DEMO_DEPENDS_ON_API_ONLY, "io.meshsdk.demo.AssertsInProduction");
    }

    @Test
    @DisplayName("A rule that finds no class to check fails instead of passing")
    void emptyShouldFails() {
      JavaClasses nothingOfTheApi =
          fixtures.that(
              DescribedPredicate.describe(
                  "in the Istio backend", c -> c.getPackageName().startsWith("io.meshsdk.istio")));
      assertThatThrownBy(() -> API_DEPENDS_ON_NO_OTHER_MODULE.evaluate(nothingOfTheApi))
          .as("a rule over zero classes must not pass silently")
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("failed to check any classes");
    }

    private void assertViolations(ArchRule rule, String offender) {
      List<String> violations = violations(rule);
      assertThat(violations).isNotEmpty().allSatisfy(v -> assertThat(v).contains(offender));
    }

    private List<String> violations(ArchRule rule) {
      EvaluationResult result = rule.evaluate(fixtures);
      return result.getFailureReport().getDetails();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A type whose public members any package can reach: it and its enclosing types are public. */
  static DescribedPredicate<JavaClass> accessibleOutsideTheirPackage() {
    return DescribedPredicate.describe(
        "public types",
        type -> {
          Optional<JavaClass> c = Optional.of(type);
          while (c.isPresent()) {
            if (!c.get().getModifiers().contains(JavaModifier.PUBLIC)) {
              return false;
            }
            c = c.get().getEnclosingClass();
          }
          return true;
        });
  }

  /** A Throwable that is neither a RuntimeException nor an Error. */
  static DescribedPredicate<JavaClass> checkedException() {
    return DescribedPredicate.describe(
        "checked exceptions",
        type ->
            type.isAssignableTo(Throwable.class)
                && !type.isAssignableTo(RuntimeException.class)
                && !type.isAssignableTo(Error.class));
  }

  static String moduleOf(JavaClass type) {
    String pkg = type.getPackageName();
    if (pkg.equals("io.meshsdk.core") || pkg.startsWith("io.meshsdk.core.")) {
      return "core";
    }
    if (pkg.equals("io.meshsdk.istio") || pkg.startsWith("io.meshsdk.istio.")) {
      return "istio";
    }
    if (pkg.equals("io.meshsdk.testing") || pkg.startsWith("io.meshsdk.testing.")) {
      return "testing";
    }
    if (pkg.equals("io.meshsdk.demo") || pkg.startsWith("io.meshsdk.demo.")) {
      return "demo";
    }
    for (String api : API) {
      String root = api.replace("..", "");
      if (pkg.equals(root) || (api.endsWith("..") && pkg.startsWith(root + "."))) {
        return "api";
      }
    }
    return "unknown";
  }

  private static String[] concat(String[] first, String... rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  /** Compiles one-line sources into {@code dir} and imports the classes. */
  private static JavaClasses compile(Path dir, String... sources) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (String source : sources) {
      String pkg = source.substring("package ".length(), source.indexOf(';')).trim();
      String afterClass = source.substring(source.indexOf("class ") + "class ".length());
      String name = afterClass.substring(0, afterClass.indexOf(' ')).trim();
      Path file = src.resolve(pkg.replace('.', '/')).resolve(name + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source, StandardCharsets.UTF_8);
      files.add(file);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK compiler (the tests run on a JDK, not a JRE)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, null)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  fm,
                  diagnostics,
                  List.of("-d", out.toString(), "-proc:none"),
                  null,
                  fm.getJavaFileObjectsFromPaths(files))
              .call();
      assertThat(ok).as("fixtures compile: %s", diagnostics.getDiagnostics()).isTrue();
    }
    return new ClassFileImporter().importPath(out);
  }
}
