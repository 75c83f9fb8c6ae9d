package io.meshsdk.spring.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The starter's share of the module rules that mesh-sdk-testing's ArchitectureTest checks for
 * the other modules, which cannot see the starter's classes.
 */
@DisplayName("The starter's architecture")
class StarterArchitectureTest {

  /** STYLE.md 2: another module's internals are not API, for the starter neither. */
  static final ArchRule NO_INTERNALS_OF_OTHER_MODULES =
      noClasses()
          .that()
          .resideInAPackage("io.meshsdk.spring..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.meshsdk.internal..", "io.meshsdk.core.internal..", "io.meshsdk.istio.internal..")
          .because("the starter builds the manager through the public builders only (STYLE.md 2)")
          .allowEmptyShould(false);

  /** Actuator is optional: only the health configuration and its contributors may use it. */
  static final ArchRule ACTUATOR_ONLY_WHERE_CONDITIONAL =
      noClasses()
          .that()
          .resideInAPackage("io.meshsdk.spring.autoconfigure")
          .and()
          .doNotHaveFullyQualifiedName(MeshSdkHealthAutoConfiguration.class.getName())
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework.boot.actuate..")
          .because("an application without spring-boot-actuator must still get its MeshManager")
          .allowEmptyShould(false);

  static JavaClasses starter;

  @BeforeAll
  static void importStarter() {
    starter = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.meshsdk.spring");
    assertThat(starter.contain(MeshSdkAutoConfiguration.class.getName())).isTrue();
  }

  @Test
  @DisplayName("uses no internal package of another module")
  void noInternals() {
    NO_INTERNALS_OF_OTHER_MODULES.check(starter);
  }

  @Test
  @DisplayName("uses Actuator only in the configuration that is conditional on it")
  void actuatorIsOptional() {
    ACTUATOR_ONLY_WHERE_CONDITIONAL.check(starter);
  }
}
