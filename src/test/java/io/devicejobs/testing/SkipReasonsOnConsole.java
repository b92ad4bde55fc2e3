package io.devicejobs.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every skipped or aborted test with its reason on the console of {@code mvn test} and {@code mvn verify}
 * ("SKIPPED PortalTest.signIn: ..."), where Surefire alone prints only "Skipped: 9".
 *
 * <p>Registered for every run by META-INF/services. Surefire keeps the tests' own output in
 * target/surefire-reports (redirectTestOutputToFile), but copies what the forked JVM writes to its native
 * standard error onto the console: so this writes to that stream, not to {@code System.err}.
 */
public final class SkipReasonsOnConsole implements TestExecutionListener {
  private final PrintStream console;

  /** The listener META-INF/services registers: it writes to the forked JVM's native standard error. */
  public SkipReasonsOnConsole() {
    this(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
  }

  SkipReasonsOnConsole(PrintStream console) {
    this.console = console;
  }

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    report(test, reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      report(test, result.getThrowable().map(Throwable::getMessage).orElse(null));
    }
  }

  private void report(TestIdentifier test, String reason) {
    String why = reason == null || reason.isBlank() ? "no reason given" : reason;
    console.println("SKIPPED " + name(test) + ": " + why);
  }

  /** Class.method for a test method, the class's simple name for a test class. */
  static String name(TestIdentifier test) {
    TestSource source = test.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      return simpleName(method.getClassName()) + "." + method.getMethodName();
    }
    if (source instanceof ClassSource type) {
      return simpleName(type.getClassName());
    }
    return test.getDisplayName();
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
