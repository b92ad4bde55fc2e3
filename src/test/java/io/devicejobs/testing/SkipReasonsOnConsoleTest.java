package io.devicejobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

class SkipReasonsOnConsoleTest {

  @Test
  void everySkippedOrAbortedTestIsPrintedWithItsReason() {
    assertEquals(
        List.of(
            "SKIPPED SkipReasonsOnConsoleTest$Sample.aborted: tool missing (set X=1 to fail instead)",
            "SKIPPED SkipReasonsOnConsoleTest$Sample.abortedWithoutReason: no reason given",
            "SKIPPED SkipReasonsOnConsoleTest$Sample.disabled: not on this machine"),
        linesPrintedRunning(Sample.class));
  }

  @Test
  void aClassAbortedBeforeItsTestsIsPrintedOnce() {
    assertEquals(
        List.of("SKIPPED SkipReasonsOnConsoleTest$AbortedClass: no database here"),
        linesPrintedRunning(AbortedClass.class));
  }

  /** Runs the class in a launcher of its own, with only this listener (not the one of the surrounding run). */
  private static List<String> linesPrintedRunning(Class<?> testClass) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(
                    new SkipReasonsOnConsole(
                        new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .build());
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build());
    return printed.toString(StandardCharsets.UTF_8).lines().sorted().toList();
  }

  /** Run only by the tests above (its name does not end in Test, so Surefire leaves it alone). */
  static class Sample {
    @Test
    void passes() {}

    @Test
    void aborted() {
      Assumptions.abort("tool missing (set X=1 to fail instead)");
    }

    @Test
    @ExtendWith(NotOnThisMachine.class)
    void disabled() {}

    @Test
    void abortedWithoutReason() {
      throw new TestAbortedException();
    }
  }

  /** Skips a test by a condition, as tests that need a missing tool do. */
  static class NotOnThisMachine implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getTestMethod().isPresent()
          ? ConditionEvaluationResult.disabled("not on this machine")
          : ConditionEvaluationResult.enabled("the class runs");
    }
  }

  static class AbortedClass {
    @BeforeAll
    static void needsADatabase() {
      Assumptions.abort("no database here");
    }

    @Test
    void neverRuns() {}
  }
}
