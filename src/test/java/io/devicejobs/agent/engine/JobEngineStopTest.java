package io.devicejobs.agent.engine;

import static io.devicejobs.agent.engine.TestDocuments.command;
import static io.devicejobs.agent.engine.TestDocuments.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadlines and cancellation: the running step's whole process tree must go. */
class JobEngineStopTest {

  /**
   * The steps sleep 30 s: ending well before that shows the engine killed them. Not a tighter bound, which a
   * loaded machine could break.
   */
  private static final Duration BEFORE_THE_SLEEP_ENDS = Duration.ofSeconds(20);

  @TempDir Path workDir;

  private final RecordingListener listener = new RecordingListener();
  private JobEngine engine;

  @BeforeEach
  void createEngine() {
    engine = engine(JobEngine.KILL_GRACE);
  }

  @AfterEach
  void stopLeftovers() {
    engine.cancel();
  }

  @Test
  void theDeadlineKillsTheRunningStepAndItsGrandchildren() throws Exception {
    // The inner shell is a grandchild of the engine; its two sleeps are great-grandchildren.
    String tree = "sh -c 'sleep 30 & echo $! > pids; sleep 31 & echo $! >> pids; wait'";
    ObjectNode document = document(false, command("sleep", tree), command("never", "touch never"));
    long started = System.nanoTime();

    JobResult result = engine.run(document, Instant.now().plusSeconds(1), Duration.ofSeconds(1));

    assertTrue(elapsed(started).compareTo(BEFORE_THE_SLEEP_ENDS) < 0, "took " + elapsed(started));
    assertEquals(JobOutcome.FAILED, result.outcome());
    assertTrue(result.timedOut());
    assertEquals("job timed out after 1s during step \"sleep\"", result.reason());
    assertEquals("sleep", result.failedStep());
    assertNull(result.exitCode());
    assertEquals(1, result.executedSteps());
    assertFalse(Files.exists(workDir.resolve("never")));
    List<Long> sleeps =
        Files.readAllLines(workDir.resolve("pids")).stream().map(Long::parseLong).toList();
    assertEquals(2, sleeps.size());
    for (long pid : sleeps) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false),
          "sleep " + pid + " survived");
    }
  }

  @Test
  void aTimeoutReasonNamesTheTimeTheJobWasGivenNotTheTimeLeftWhenItStarted() {
    // A job resumed (or started late on a busy device) with one second of its five minutes left.
    JobResult result =
        engine.run(
            document(false, command("sleep", "sleep 30")),
            Instant.now().plusSeconds(1),
            Duration.ofMinutes(5));

    assertTrue(result.timedOut());
    assertEquals("job timed out after 300s during step \"sleep\"", result.reason());
  }

  @Test
  void aStepIgnoringSigtermIsKilledAfterTheGracePeriod() {
    JobEngine quickKiller = engine(Duration.ofMillis(300));
    long started = System.nanoTime();

    JobResult result =
        quickKiller.run(
            document(false, command("stubborn", "trap '' TERM; sleep 30")),
            Instant.now().plusMillis(300));

    assertTrue(elapsed(started).compareTo(BEFORE_THE_SLEEP_ENDS) < 0, "took " + elapsed(started));
    assertTrue(result.timedOut());
    assertTrue(
        result.reason().matches("job timed out after \\d+ms during step \"stubborn\""),
        result.reason());
  }

  @Test
  void aDeadlineThatHasPassedRunsNothing() {
    JobResult result =
        engine.run(document(false, command("late", "touch ran")), Instant.now().minusSeconds(1));

    assertEquals(JobOutcome.FAILED, result.outcome());
    assertTrue(result.timedOut());
    assertTrue(result.reason().startsWith("job timed out after "), result.reason());
    assertTrue(result.reason().endsWith(" before step \"late\""), result.reason());
    assertEquals(0, result.executedSteps());
    assertFalse(Files.exists(workDir.resolve("ran")));
  }

  @Test
  void cancelStopsTheRunningStepPromptly() throws Exception {
    ObjectNode document =
        document(true, command("sleep", "echo before; sleep 30"), command("never", "touch never"));
    CompletableFuture<JobResult> job =
        CompletableFuture.supplyAsync(() -> engine.run(document, Instant.now().plusSeconds(60)));
    assertTrue(listener.firstStepStarted.await(10, TimeUnit.SECONDS));
    long canceled = System.nanoTime();

    assertTrue(engine.cancel());
    JobResult result = job.get(10, TimeUnit.SECONDS);

    assertTrue(elapsed(canceled).compareTo(BEFORE_THE_SLEEP_ENDS) < 0, "took " + elapsed(canceled));
    assertEquals(JobOutcome.CANCELED, result.outcome());
    assertFalse(result.timedOut());
    assertEquals("sleep", result.failedStep());
    assertEquals("job canceled during step \"sleep\"", result.reason());
    assertEquals(1, result.executedSteps());
    assertFalse(Files.exists(workDir.resolve("never")));
    assertEquals(StepOutcome.CANCELED, listener.results.get(0).outcome());
  }

  @Test
  void interruptingTheJobsThreadCancelsTheJobAndKeepsTheInterrupt() throws Exception {
    CompletableFuture<JobResult> result = new CompletableFuture<>();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    Thread jobThread =
        new Thread(
            () -> {
              result.complete(
                  engine.run(
                      document(false, command("sleep", "sleep 30")),
                      Instant.now().plusSeconds(60)));
              stillInterrupted.complete(Thread.currentThread().isInterrupted());
            });
    jobThread.start();
    assertTrue(listener.firstStepStarted.await(10, TimeUnit.SECONDS));

    jobThread.interrupt();

    assertEquals(JobOutcome.CANCELED, result.get(10, TimeUnit.SECONDS).outcome());
    assertTrue(stillInterrupted.get(10, TimeUnit.SECONDS));
  }

  @Test
  void cancelWithoutARunningJobDoesNothing() {
    assertFalse(engine.cancel());
    JobResult result =
        engine.run(document(false, command("after", "true")), Instant.now().plusSeconds(10));
    assertEquals(
        JobOutcome.SUCCEEDED, result.outcome(), "an earlier cancel must not hit the next job");
  }

  @Test
  void oneEngineRunsOneJobAtATime() throws Exception {
    CompletableFuture<JobResult> job =
        CompletableFuture.supplyAsync(
            () ->
                engine.run(
                    document(false, command("sleep", "sleep 30")), Instant.now().plusSeconds(60)));
    assertTrue(listener.firstStepStarted.await(10, TimeUnit.SECONDS));

    assertThrows(
        IllegalStateException.class,
        () ->
            engine.run(document(false, command("second", "true")), Instant.now().plusSeconds(10)));

    engine.cancel();
    assertEquals(JobOutcome.CANCELED, job.get(10, TimeUnit.SECONDS).outcome());
  }

  private JobEngine engine(Duration killGrace) {
    return new JobEngine(
        (name, path) -> {
          throw new HandlerUnavailableException("no handlers here");
        },
        OutputLimits.DEFAULT,
        listener,
        Clock.systemUTC(),
        workDir,
        killGrace);
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
