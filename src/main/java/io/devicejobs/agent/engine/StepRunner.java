package io.devicejobs.agent.engine;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one step's process until it exits, the job's deadline passes or the job is canceled. */
final class StepRunner {

  private static final Redirect NO_INPUT = Redirect.from(new File("/dev/null"));

  /** Waits are cut into slices so a jump of the clock is noticed. */
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  /** Linux reports a child killed by signal N as exit value 128+N; its signals go up to 64. */
  private static final int SIGNAL_BASE = 128;

  private static final int HIGHEST_SIGNAL = 64;

  private enum Ending {
    EXITED,
    TIMED_OUT,
    CANCELED
  }

  private final EngineSettings settings;
  private final JobDeadline deadline;
  private final CompletableFuture<Void> cancelSignal;

  StepRunner(EngineSettings settings, JobDeadline deadline, CompletableFuture<Void> cancelSignal) {
    this.settings = settings;
    this.deadline = deadline;
    this.cancelSignal = cancelSignal;
  }

  StepResult run(PlannedStep step, JobOutput output) {
    Instant startedAt = settings.clock().instant();
    JobOutput.StepCapture capture = output.startStep(step.name());
    Process process;
    try {
      process = capture.redirect(processBuilder(settings.commands().argv(step))).start();
    } catch (HandlerUnavailableException | IOException | RuntimeException e) {
      long stderrLines = capture.finish();
      return result(
          StepOutcome.FAILED,
          null,
          stderrLines,
          Reasons.cannotStart(step.name(), e.getMessage()),
          startedAt);
    }
    Ending ending = await(process);
    if (ending != Ending.EXITED) {
      ProcessTree.terminate(process.toHandle(), settings.killGrace());
    }
    long stderrLines = capture.finish();
    return switch (ending) {
      case EXITED -> exited(step, process.exitValue(), stderrLines, startedAt);
      case TIMED_OUT ->
          result(
              StepOutcome.TIMED_OUT,
              null,
              stderrLines,
              Reasons.timedOutDuring(deadline.timeout(), step.name()),
              startedAt);
      case CANCELED ->
          result(
              StepOutcome.CANCELED,
              null,
              stderrLines,
              Reasons.canceledDuring(step.name()),
              startedAt);
    };
  }

  private ProcessBuilder processBuilder(List<String> argv) {
    // The environment is inherited; stdin is empty so a
    // step waiting for input ends instead of hanging.
    return new ProcessBuilder(argv).directory(settings.workDir().toFile()).redirectInput(NO_INPUT);
  }

  private Ending await(Process process) {
    CompletableFuture<Object> exitOrCancel =
        CompletableFuture.anyOf(process.onExit(), cancelSignal);
    while (true) {
      if (!process.isAlive()) {
        return Ending.EXITED;
      }
      if (cancelSignal.isDone()) {
        return Ending.CANCELED;
      }
      Duration remaining = deadline.remaining();
      if (remaining.isNegative() || remaining.isZero()) {
        return Ending.TIMED_OUT;
      }
      Duration wait = remaining.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : remaining;
      try {
        // One extra millisecond so the wait does not end just short of the deadline and spin.
        exitOrCancel.get(wait.toMillis() + 1, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // The loop looks again at what happened.
      } catch (InterruptedException e) {
        // Whoever interrupts the job's thread wants it to stop: handled like a cancel.
        Thread.currentThread().interrupt();
        return Ending.CANCELED;
      }
    }
  }

  private StepResult exited(PlannedStep step, int exitCode, long stderrLines, Instant startedAt) {
    if (exitCode != 0) {
      // The JDK cannot tell "killed by signal 9" from "exit
      // 137"; a shell cannot either, so neither do we.
      boolean signal = exitCode > SIGNAL_BASE && exitCode <= SIGNAL_BASE + HIGHEST_SIGNAL;
      String reason =
          signal
              ? Reasons.killedBySignal(step.name(), exitCode - SIGNAL_BASE)
              : Reasons.exited(step.name(), exitCode);
      return result(StepOutcome.FAILED, exitCode, stderrLines, reason, startedAt);
    }
    Integer allowed = step.allowedStdErrLines();
    if (allowed != null && stderrLines > allowed) {
      return result(
          StepOutcome.FAILED,
          exitCode,
          stderrLines,
          Reasons.tooMuchStdErr(step.name(), stderrLines, allowed),
          startedAt);
    }
    return result(StepOutcome.SUCCEEDED, exitCode, stderrLines, null, startedAt);
  }

  private StepResult result(
      StepOutcome outcome, Integer exitCode, long stderrLines, String reason, Instant startedAt) {
    Duration took = Duration.between(startedAt, settings.clock().instant());
    return new StepResult(outcome, exitCode, stderrLines, reason, false, took);
  }
}
