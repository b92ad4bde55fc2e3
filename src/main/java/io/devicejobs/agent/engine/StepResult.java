package io.devicejobs.agent.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The end of one step, as handed to {@link ProgressListener#stepFinished}.
 *
 * @param outcome how the step ended
 * @param exitCode the process's exit code (128+signal when killed by a signal); null when the process did not
 *     start or was killed by the engine (deadline, cancel)
 * @param stderrLines lines the step wrote to stderr (a last line without a newline counts)
 * @param reason why the step failed, or null when it succeeded
 * @param failureIgnored the step failed but has {@code ignoreStepFailure}, so the job went on
 * @param duration how long the step took
 */
public record StepResult(
    StepOutcome outcome,
    Integer exitCode,
    long stderrLines,
    String reason,
    boolean failureIgnored,
    Duration duration) {

  public StepResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
  }

  public boolean succeeded() {
    return outcome == StepOutcome.SUCCEEDED;
  }

  StepResult withFailureIgnored() {
    return new StepResult(outcome, exitCode, stderrLines, reason, true, duration);
  }
}
