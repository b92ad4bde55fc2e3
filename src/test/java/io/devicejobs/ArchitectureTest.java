package io.devicejobs;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package rules of docs/architecture.md, checked on the server's own classes (tests excluded).
 * A rule that the code breaks is fixed in the code; an exemption would need a comment here saying
 * why.
 */
class ArchitectureTest {
  private static final String ROOT = "io.devicejobs";

  /** Plumbing that every feature may use and that knows no feature. */
  static final List<String> INFRASTRUCTURE = List.of("http", "db", "config", "ops");

  /** What the server does, one package (and its subpackages) each. */
  static final List<String> FEATURES =
      List.of(
          "templates",
          "handlers",
          "devices",
          "jobs",
          "executions",
          "live",
          "security",
          "scheduling",
          "portal");

  /** What runs on a device; it shares only the job-document model with the server. */
  static final List<String> DEVICE_SIDE = List.of("agent", "simulator");

  /** The command-line rule (exit codes, options backed by variables, the version line), shared by both sides. */
  static final String SHARED_CLI = "cli";

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void infrastructureKnowsNoFeatureAndNotTheCompositionRoot() {
    noClasses()
        .that()
        .resideInAnyPackage(packages(INFRASTRUCTURE))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(packages(FEATURES), packages(DEVICE_SIDE), List.of(ROOT)))
        .because("http, db, config and ops are plumbing below every feature")
        .check(classes);
  }

  @TestFactory
  Stream<DynamicTest> noFeatureUsesAnotherFeaturesApiClass() {
    return FEATURES.stream()
        .map(
            feature ->
                DynamicTest.dynamicTest(
                    feature,
                    () ->
                        noClasses()
                            .that()
                            .resideInAPackage(subtree(feature))
                            .should()
                            .dependOnClassesThat(
                                resideInAnyPackage(packages(others(feature)))
                                    .and(simpleNameEndingWith("Api")))
                            .because(
                                "an *Api class is a feature's HTTP face: features meet through"
                                    + " stores and plain classes, wired by the composition root")
                            .check(classes)));
  }

  @Test
  void domainRulesArePlainJava() {
    noClasses()
        .that()
        .resideInAnyPackage(subtree("jobs.rules"), subtree("jobs.document"))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "io.netty..")
        .because("status transitions, job documents and template rendering are tested directly")
        .check(classes);
  }

  @Test
  void theDeviceSideSharesOnlyTheJobDocumentModelWithTheServer() {
    noClasses()
        .that()
        .resideInAnyPackage(packages(DEVICE_SIDE))
        .should()
        .dependOnClassesThat(
            resideInAPackage(ROOT + "..")
                .and(not(resideInAnyPackage(packages(DEVICE_SIDE))))
                .and(not(resideInAPackage(subtree("jobs.document"))))
                .and(not(resideInAPackage(subtree(SHARED_CLI)))))
        .because(
            "the agent ships alone to devices; server and agent read one job-document model and"
                + " follow one command-line rule")
        .check(classes);
  }

  @Test
  void theCommandLineRuleKnowsNothingOfTheServer() {
    noClasses()
        .that()
        .resideInAPackage(subtree(SHARED_CLI))
        .should()
        .dependOnClassesThat(
            resideInAPackage(ROOT + "..").and(not(resideInAPackage(subtree(SHARED_CLI)))))
        .because("the agent's own jar will carry it")
        .check(classes);
  }

  @Test
  void nothingDependsOnTheCompositionRoot() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .because("the root package wires everything and sits above every other package")
        .check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noInternalClassOfVertxIsUsed() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.vertx..impl..", "io.netty..internal..")
            .because("implementation classes change in any release");
    rule.check(classes);
  }

  private static String subtree(String name) {
    return ROOT + "." + name + "..";
  }

  private static String[] packages(List<String> names) {
    return names.stream().map(ArchitectureTest::subtree).toArray(String[]::new);
  }

  private static List<String> others(String feature) {
    return FEATURES.stream().filter(f -> !f.equals(feature)).toList();
  }

  private static String[] concat(String[] a, String[] b, List<String> c) {
    return Stream.of(Arrays.stream(a), Arrays.stream(b), c.stream())
        .flatMap(s -> s)
        .toArray(String[]::new);
  }
}
