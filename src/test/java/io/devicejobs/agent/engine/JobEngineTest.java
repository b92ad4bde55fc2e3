package io.devicejobs.agent.engine;

import static io.devicejobs.agent.engine.TestDocuments.command;
import static io.devicejobs.agent.engine.TestDocuments.document;
import static io.devicejobs.agent.engine.TestDocuments.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes through /bin/sh and coreutils. */
class JobEngineTest {

  @TempDir Path workDir;
  @TempDir Path handlers;

  private final RecordingListener listener = new RecordingListener();
  private JobEngine engine;

  @BeforeEach
  void createEngine() {
    engine = engine(OutputLimits.DEFAULT);
  }

  @Test
  void anArgumentListRunsWithoutAShell() {
    JobResult result =
        run(
            document(
                true,
                command("one arg", "printf,[%s]\\n,hello world"),
                command("escaped comma", "echo,a\\,b"),
                command("no globbing", "echo,*")));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome());
    assertEquals(0, result.exitCode());
    assertEquals(
        "=== one arg ===\n[hello world]\n=== escaped comma ===\na,b\n=== no globbing ===\n*\n",
        result.stdout());
  }

  @Test
  void aShellLineRunsThroughSh() {
    JobResult result =
        run(
            document(
                true,
                command("pipe", "echo hi | tr a-z A-Z"),
                command("escaped comma", "echo a\\,b")));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome());
    assertEquals("=== pipe ===\nHI\n=== escaped comma ===\na,b\n", result.stdout());
  }

  @Test
  void stdoutIsReportedOnlyWhenTheDocumentAsksForIt() {
    JobResult result = run(document(false, command("talk", "echo out; echo err >&2")));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome());
    assertNull(result.stdout());
    assertFalse(result.stdoutTruncated());
    assertEquals("=== talk ===\nerr\n", result.stderr());
  }

  @Test
  void eachStepsOutputStartsOnItsOwnLineUnderAHeader() {
    JobResult result =
        run(
            document(
                true,
                command("no newline", "printf,abc"),
                command("silent", "true"),
                command("last", "echo,def")));

    assertEquals("=== no newline ===\nabc\n=== silent ===\n=== last ===\ndef\n", result.stdout());
    assertEquals("=== no newline ===\n=== silent ===\n=== last ===\n", result.stderr());
    assertEquals(3, result.executedSteps());
  }

  @Test
  void theFirstFailingStepEndsTheJob() {
    ObjectNode document =
        document(
            false,
            command("Start", "true"),
            command("Check Service", "echo broken >&2; exit 3"),
            command("Never", "touch never"));
    document.set("finalStep", command("Final", "touch final"));

    JobResult result = run(document);

    assertEquals(JobOutcome.FAILED, result.outcome());
    assertFalse(result.timedOut());
    assertEquals(3, result.exitCode());
    assertEquals("Check Service", result.failedStep());
    assertEquals("step \"Check Service\" exited with code 3", result.reason());
    assertEquals(2, result.executedSteps());
    assertEquals("=== Start ===\n=== Check Service ===\nbroken\n", result.stderr());
    assertFalse(Files.exists(workDir.resolve("never")));
    assertFalse(
        Files.exists(workDir.resolve("final")),
        "the final step runs only after every step succeeded");
    assertEquals(
        List.of(
            "started 0 Start",
            "finished 0 Start SUCCEEDED",
            "started 1 Check Service",
            "finished 1 Check Service FAILED"),
        listener.events);
  }

  @Test
  void anIgnoredFailureLetsTheJobGoOnAndSucceed() {
    ObjectNode document =
        document(
            false,
            command("Flaky", "exit 4").put("ignoreStepFailure", true),
            command("Next", "touch next"));
    document.set("finalStep", command("Final", "touch final"));

    JobResult result = run(document);

    assertEquals(JobOutcome.SUCCEEDED, result.outcome());
    assertEquals(0, result.exitCode());
    assertNull(result.failedStep());
    assertNull(result.reason());
    assertEquals(3, result.executedSteps());
    assertTrue(Files.exists(workDir.resolve("next")));
    assertTrue(Files.exists(workDir.resolve("final")));
    StepResult flaky = listener.results.get(0);
    assertEquals(StepOutcome.FAILED, flaky.outcome());
    assertTrue(flaky.failureIgnored());
    assertEquals(4, flaky.exitCode());
    assertEquals(
        "started 2 Final", listener.events.get(4), "the final step is numbered after the steps");
  }

  @Test
  void aFailingFinalStepFailsTheJob() {
    ObjectNode document = document(false, command("Step", "true"));
    document.set("finalStep", command("Final", "exit 5"));

    JobResult result = run(document);

    assertEquals(JobOutcome.FAILED, result.outcome());
    assertEquals(5, result.exitCode());
    assertEquals("Final", result.failedStep());
    assertEquals(2, result.executedSteps());
  }

  @Test
  void stderrFailsAStepOnlyBeyondItsAllowance() {
    String twoLines = "echo one >&2; echo two >&2";
    String threeLines =
        "printf 'one\\ntwo\\nthree' >&2"; // a last line without a newline counts too

    assertEquals(
        JobOutcome.SUCCEEDED,
        run(document(false, command("quiet enough", twoLines).put("allowStdErr", 2))).outcome());
    assertEquals(
        JobOutcome.SUCCEEDED, run(document(false, command("no allowance", threeLines))).outcome());

    JobResult result = run(document(false, command("noisy", threeLines).put("allowStdErr", 2)));
    assertEquals(JobOutcome.FAILED, result.outcome());
    assertEquals("step \"noisy\" wrote 3 lines to stderr (allowed 2)", result.reason());
    assertEquals("noisy", result.failedStep());
    assertEquals(0, result.exitCode());
  }

  @Test
  void aStepKilledByASignalFails() {
    JobResult result = run(document(false, command("suicide", "kill -9 $$")));

    assertEquals(JobOutcome.FAILED, result.outcome());
    assertEquals(128 + 9, result.exitCode());
    assertEquals("step \"suicide\" was killed by signal 9", result.reason());
  }

  @Test
  void aProgramThatCannotStartFailsTheStep() {
    JobResult result = run(document(false, command("missing", "/nonexistent/program,arg")));

    assertEquals(JobOutcome.FAILED, result.outcome());
    assertNull(result.exitCode());
    assertEquals("missing", result.failedStep());
    assertTrue(
        result
            .reason()
            .startsWith(
                "cannot start step \"missing\": Cannot run program \"/nonexistent/program\""),
        result.reason());
    assertEquals(1, result.executedSteps());
  }

  @Test
  void stepsRunInTheWorkDirWithAnEmptyStdin() throws Exception {
    // cat would wait forever on an open stdin; the
    // deadline keeps a regression from hanging the build.
    JobResult result =
        run(
            document(true, command("where", "pwd"), command("stdin", "cat")),
            Instant.now().plusSeconds(5));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome());
    assertEquals("=== where ===\n" + workDir.toRealPath() + "\n=== stdin ===\n", result.stdout());
  }

  @Test
  void theCurrentUserAsRunAsUserNeedsNoSudo() {
    ObjectNode step = command("me", "id -u").put("runAsUser", System.getProperty("user.name"));

    JobResult result = run(document(true, step));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome(), result.reason());
  }

  @Test
  void keepsTheTailOfLongOutput() {
    engine = engine(new OutputLimits(100, 1000));

    JobResult result = run(document(true, command("count", "seq 1 10000")));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome());
    assertTrue(result.stdoutTruncated());
    assertTrue(result.stdout().endsWith("\n9999\n10000\n"), result.stdout());
    assertEquals(100, result.stdout().length());
    assertFalse(result.stderrTruncated());
  }

  @Test
  void aChildWritingMegabytesToBothStreamsDoesNotBlock() {
    String flood =
        "head -c 5000000 /dev/zero | tr '\\0' o; head -c 5000000 /dev/zero | tr '\\0' e >&2";

    JobResult result = run(document(true, command("flood", flood)), Instant.now().plusSeconds(20));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome(), result.reason());
    assertTrue(result.stdoutTruncated());
    assertTrue(result.stderrTruncated());
    assertEquals(OutputLimits.DEFAULT_BYTES_PER_STREAM, result.stdout().length());
    assertEquals("o".repeat(OutputLimits.DEFAULT_BYTES_PER_STREAM), result.stdout());
  }

  @Test
  void rejectsAnotherVersionWithoutRunningAnything() {
    JobResult result = run(document(false, command("touch", "touch ran")).put("version", "2.0"));

    assertEquals(JobOutcome.REJECTED, result.outcome());
    assertEquals("unsupported job document version \"2.0\" (supported: \"1.0\")", result.reason());
    assertEquals(0, result.executedSteps());
    assertFalse(Files.exists(workDir.resolve("ran")));
    assertTrue(listener.events.isEmpty());
  }

  @Test
  void rejectsAnUnknownStepTypeWithoutRunningTheStepsBeforeIt() {
    ObjectNode unknown = command("later", "true").put("type", "runScript");

    JobResult result = run(document(false, command("touch", "touch ran"), unknown));

    assertEquals(JobOutcome.REJECTED, result.outcome());
    assertTrue(
        result.reason().startsWith("step \"later\" has unknown type \"runScript\""),
        result.reason());
    assertFalse(Files.exists(workDir.resolve("ran")));
    assertTrue(listener.events.isEmpty());
  }

  @Test
  void aHandlerReceivesExactlyItsArgs() throws Exception {
    handlerScript("show-args", "#!/bin/sh\nprintf '<%s>\\n' \"$@\"\n");

    JobResult result =
        run(document(true, handler("show", "show-args", "a b", "", "c,d", "$HOME", "*")));

    assertEquals(JobOutcome.SUCCEEDED, result.outcome(), result.reason());
    assertEquals("=== show ===\n<a b>\n<>\n<c,d>\n<$HOME>\n<*>\n", result.stdout());
  }

  @Test
  void aHandlerWithoutArgsGetsNone() throws Exception {
    handlerScript("count-args", "#!/bin/sh\necho \"$#\"\n");

    JobResult result = run(document(true, handler("count", "count-args")));

    assertEquals("=== count ===\n0\n", result.stdout());
  }

  @Test
  void aMissingHandlerFailsTheStep() {
    JobResult result = run(document(false, handler("deploy", "nope", "x")));

    assertEquals(JobOutcome.FAILED, result.outcome());
    assertEquals("deploy", result.failedStep());
    assertEquals(
        "cannot start step \"deploy\": handler \"nope\" not found: "
            + handlers.resolve("nope")
            + " does not exist",
        result.reason());
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before = outputDirectories(tmp);

    run(document(true, command("talk", "echo out; echo err >&2")));

    assertEquals(before, outputDirectories(tmp));
  }

  private static List<Path> outputDirectories(Path tmp) throws Exception {
    try (var entries = Files.list(tmp)) {
      return entries
          .filter(path -> path.getFileName().toString().startsWith("device-jobs-"))
          .sorted()
          .toList();
    }
  }

  private JobEngine engine(OutputLimits limits) {
    return new JobEngine(
        new DirectoryHandlerResolver(handlers), limits, listener, Clock.systemUTC(), workDir);
  }

  private JobResult run(ObjectNode document) {
    return run(document, Instant.now().plusSeconds(10));
  }

  private JobResult run(ObjectNode document, Instant deadline) {
    return engine.run(document, deadline);
  }

  private void handlerScript(String name, String content) throws Exception {
    Path script = handlers.resolve(name);
    Files.writeString(script, content);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
  }
}
