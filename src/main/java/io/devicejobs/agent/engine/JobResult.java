package io.devicejobs.agent.engine;

import java.util.Objects;

/**
 * The end of one job, ready to be reported to the server.
 *
 * @param outcome how the job ended
 * @param timedOut the job's deadline passed (the outcome is then FAILED)
 * @param exitCode 0 when the job succeeded; otherwise the exit code of the failing step (128+signal when it
 *     was killed by a signal), or null when that step has none: it could not start, or the engine killed it
 *     (deadline, cancel), or nothing ran (REJECTED)
 * @param stdout the tail of every step's stdout, each under a {@code === <step name> ===} line; null unless
 *     the document has {@code includeStdOut}
 * @param stderr the same for stderr, always collected ("" when nothing ran)
 * @param stdoutTruncated the beginning of stdout was dropped to stay within {@link OutputLimits}
 * @param stderrTruncated the same for stderr
 * @param executedSteps how many steps were started (including a failing one and the final step)
 * @param failedStep the name of the step that failed, or that was running when the deadline passed or the
 *     job was canceled; null otherwise (also when the job stopped between steps)
 * @param reason human-readable explanation when the outcome is not SUCCEEDED; null otherwise
 */
public record JobResult(
    JobOutcome outcome,
    boolean timedOut,
    Integer exitCode,
    String stdout,
    String stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    int executedSteps,
    String failedStep,
    String reason) {

  public JobResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(stderr, "stderr");
  }

  static JobResult rejected(String reason) {
    return new JobResult(JobOutcome.REJECTED, false, null, null, "", false, false, 0, null, reason);
  }
}
