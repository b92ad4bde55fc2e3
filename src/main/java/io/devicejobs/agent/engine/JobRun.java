package io.devicejobs.agent.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One execution of a job: runs its steps in order and turns how they ended into a {@link JobResult}. */
final class JobRun {

  private static final System.Logger LOG = System.getLogger(JobRun.class.getName());

  private final JobPlan plan;
  private final EngineSettings settings;
  private final JobDeadline deadline;
  private final CompletableFuture<Void> cancelSignal = new CompletableFuture<>();
  private final StepRunner stepRunner;

  JobRun(JobPlan plan, EngineSettings settings, Instant deadline, Duration timeout) {
    this.plan = plan;
    this.settings = settings;
    this.deadline = new JobDeadline(settings.clock(), deadline, timeout);
    this.stepRunner = new StepRunner(settings, this.deadline, cancelSignal);
  }

  /** Thread-safe; the job's thread notices at once and stops the running step. */
  void cancel() {
    cancelSignal.complete(null);
  }

  JobResult execute() {
    JobOutput output;
    try {
      output = JobOutput.open(plan.includeStdOut(), settings.limits());
    } catch (IOException e) {
      return new JobResult(
          JobOutcome.FAILED,
          false,
          null,
          null,
          "",
          false,
          false,
          0,
          null,
          "cannot create a temporary directory for the job's output: " + e.getMessage());
    }
    try (output) {
      return runSteps(output);
    }
  }

  private JobResult runSteps(JobOutput output) {
    List<PlannedStep> order = plan.executionOrder();
    int executed = 0;
    for (int index = 0; index < order.size(); index++) {
      PlannedStep step = order.get(index);
      if (cancelSignal.isDone()) {
        return ended(
            JobOutcome.CANCELED,
            false,
            null,
            null,
            Reasons.canceledBefore(step.name()),
            executed,
            output);
      }
      if (deadline.hasPassed()) {
        return ended(
            JobOutcome.FAILED,
            true,
            null,
            null,
            Reasons.timedOutBefore(deadline.timeout(), step.name()),
            executed,
            output);
      }
      notifyStarted(index, step);
      StepResult result = stepRunner.run(step, output);
      executed++;
      boolean ignored = result.outcome() == StepOutcome.FAILED && step.ignoreFailure();
      notifyFinished(index, step, ignored ? result.withFailureIgnored() : result);
      if (!result.succeeded() && !ignored) {
        // Also skips the final step, which runs only after every step succeeded.
        JobOutcome outcome =
            result.outcome() == StepOutcome.CANCELED ? JobOutcome.CANCELED : JobOutcome.FAILED;
        return ended(
            outcome,
            result.outcome() == StepOutcome.TIMED_OUT,
            result.exitCode(),
            step.name(),
            result.reason(),
            executed,
            output);
      }
    }
    return ended(JobOutcome.SUCCEEDED, false, 0, null, null, executed, output);
  }

  private static JobResult ended(
      JobOutcome outcome,
      boolean timedOut,
      Integer exitCode,
      String failedStep,
      String reason,
      int executedSteps,
      JobOutput output) {
    return new JobResult(
        outcome,
        timedOut,
        exitCode,
        output.stdout(),
        output.stderr(),
        output.stdoutTruncated(),
        output.stderrTruncated(),
        executedSteps,
        failedStep,
        reason);
  }

  // A broken listener must not break the job it listens to.

  private void notifyStarted(int index, PlannedStep step) {
    try {
      settings.listener().stepStarted(index, step.name());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "progress listener failed in stepStarted", e);
    }
  }

  private void notifyFinished(int index, PlannedStep step, StepResult result) {
    try {
      settings.listener().stepFinished(index, step.name(), result);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "progress listener failed in stepFinished", e);
    }
  }
}
