package dev.yolojava.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of docs/architecture.md, checked over the main classes of every module (tests excluded): the
 * modules' one-way dependencies at package level, no package cycles, users' code (the CLI, the samples) on the API
 * and the config catalogue only, TensorRT in yolo-tensorrt (and its users) only, and no libtorch type in the API's
 * signatures but through {@code unwrap()}.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    // the other modules' main jars are on this module's test classpath; this module has no main classes
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.yolojava");
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.yolojava.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theRuntimeKnowsNothingAboveIt() {
    noClasses().that().resideInAPackage("dev.yolojava.cuda..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.yolojava.data..", "dev.yolojava.core..",
            "dev.yolojava.api..", "dev.yolojava.tensorrt..", "dev.yolojava.cli..", "dev.yolojava.samples..")
        .check(classes);
  }

  @Test
  void dataDoesNotDependOnTheModels() {
    noClasses().that().resideInAPackage("dev.yolojava.data..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.yolojava.core..", "dev.yolojava.api..",
            "dev.yolojava.tensorrt..", "dev.yolojava.cli..", "dev.yolojava.samples..")
        .check(classes);
  }

  @Test
  void coreDoesNotDependOnItsUsers() {
    noClasses().that().resideInAPackage("dev.yolojava.core..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.yolojava.api..", "dev.yolojava.tensorrt..",
            "dev.yolojava.cli..", "dev.yolojava.samples..")
        .check(classes);
  }

  /** yolo-tensorrt implements core's {@code TensorRtEngines} on core and the runtime; it knows no module above. */
  @Test
  void tensorRtModuleSitsOnCoreAndTheRuntime() {
    noClasses().that().resideInAPackage("dev.yolojava.tensorrt..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.yolojava.api..", "dev.yolojava.video..",
            "dev.yolojava.cli..", "dev.yolojava.samples..")
        .check(classes);
  }

  /** The facade finds yolo-tensorrt through ServiceLoader: only the CLI and the samples may name its classes. */
  @Test
  void nothingButTheCliAndTheSamplesDependsOnTheTensorRtModule() {
    noClasses().that().resideOutsideOfPackages("dev.yolojava.tensorrt..", "dev.yolojava.cli..",
            "dev.yolojava.samples..")
        .should().dependOnClassesThat().resideInAPackage("dev.yolojava.tensorrt..")
        .check(classes);
  }

  /** TensorRT's classes (and a gigabyte of natives with them) stay with the modules that chose them. */
  @Test
  void onlyTheTensorRtModuleTheCliAndTheSamplesUseTensorRt() {
    noClasses().that().resideOutsideOfPackages("dev.yolojava.tensorrt..", "dev.yolojava.cli..",
            "dev.yolojava.samples..")
        .should().dependOnClassesThat().resideInAPackage("org.bytedeco.tensorrt..")
        .check(classes);
  }

  @Test
  void parallelHoldsCollectivesAndImportsNoEngine() {
    noClasses().that().resideInAPackage("dev.yolojava.core.parallel..")
        .should().dependOnClassesThat().resideInAPackage("dev.yolojava.core.engine..")
        .check(classes);
  }

  /**
   * The CLI and the samples are written as a user would write them: the API and the config catalogue, and the
   * exceptions that come through the API. The benchmarks in {@code samples.bench} measure the engines themselves.
   */
  @Test
  void cliAndSamplesUseTheApiOnly() {
    DescribedPredicate<JavaClass> internals = resideInAnyPackage("dev.yolojava.core..", "dev.yolojava.data..",
        "dev.yolojava.cuda..", "dev.yolojava.runtime..", "dev.yolojava.tensorrt..", "org.bytedeco.pytorch..",
        "org.bytedeco.tensorrt..")
        .and(not(resideInAPackage("dev.yolojava.core.cfg..")))
        .and(not(assignableTo(RuntimeException.class)))
        .and(not(JavaClass.Predicates.equivalentTo(dev.yolojava.runtime.ProgressBar.class)))
        .as("engine internals (core but its config catalogue, data, the runtime, libtorch, TensorRT; exceptions and"
            + " the terminal progress bar aside)");
    noClasses().that().resideInAnyPackage("dev.yolojava.cli..", "dev.yolojava.samples..")
        .and().resideOutsideOfPackage("dev.yolojava.samples.bench..")
        .should().dependOnClassesThat(internals)
        .check(classes);
  }

  @Test
  void noLibtorchTypeInTheApiButThroughUnwrap() {
    ArchRule rule = methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideInAPackage("dev.yolojava.api..")
        .and().doNotHaveName("unwrap")
        .should(new ArchCondition<JavaMethod>("not have a libtorch type in their signature") {
          @Override
          public void check(JavaMethod m, ConditionEvents events) {
            String torch = "org.bytedeco.pytorch";
            boolean libtorch = m.getRawReturnType().getPackageName().startsWith(torch)
                || m.getRawParameterTypes().stream().anyMatch(t -> t.getPackageName().startsWith(torch));
            if (libtorch) {
              events.add(SimpleConditionEvent.violated(m, m.getFullName() + " has a libtorch type in its signature"));
            }
          }
        });
    rule.check(classes);
  }
}
