package io.devicejobs.jobs.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How many executions of a job are in each status. */
public record JobCounts(
    long queued,
    long inProgress,
    long succeeded,
    long failed,
    long timedOut,
    long rejected,
    long canceled,
    long removed) {

  private static final JobCounts ZERO = new JobCounts(0, 0, 0, 0, 0, 0, 0, 0);

  public JobCounts {
    if (queued < 0
        || inProgress < 0
        || succeeded < 0
        || failed < 0
        || timedOut < 0
        || rejected < 0
        || canceled < 0
        || removed < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
  }

  public static JobCounts zero() {
    return ZERO;
  }

  /** {@code count} executions in {@code status}, none in the others: one row of a GROUP BY status. */
  public static JobCounts of(ExecutionStatus status, long count) {
    return switch (status) {
      case QUEUED -> new JobCounts(count, 0, 0, 0, 0, 0, 0, 0);
      case IN_PROGRESS -> new JobCounts(0, count, 0, 0, 0, 0, 0, 0);
      case SUCCEEDED -> new JobCounts(0, 0, count, 0, 0, 0, 0, 0);
      case FAILED -> new JobCounts(0, 0, 0, count, 0, 0, 0, 0);
      case TIMED_OUT -> new JobCounts(0, 0, 0, 0, count, 0, 0, 0);
      case REJECTED -> new JobCounts(0, 0, 0, 0, 0, count, 0, 0);
      case CANCELED -> new JobCounts(0, 0, 0, 0, 0, 0, count, 0);
      case REMOVED -> new JobCounts(0, 0, 0, 0, 0, 0, 0, count);
    };
  }

  public long count(ExecutionStatus status) {
    return switch (status) {
      case QUEUED -> queued;
      case IN_PROGRESS -> inProgress;
      case SUCCEEDED -> succeeded;
      case FAILED -> failed;
      case TIMED_OUT -> timedOut;
      case REJECTED -> rejected;
      case CANCELED -> canceled;
      case REMOVED -> removed;
    };
  }

  public long total() {
    return Math.addExact(queued + inProgress, started() + removed);
  }

  public JobCounts plus(JobCounts other) {
    return new JobCounts(
        Math.addExact(queued, other.queued),
        Math.addExact(inProgress, other.inProgress),
        Math.addExact(succeeded, other.succeeded),
        Math.addExact(failed, other.failed),
        Math.addExact(timedOut, other.timedOut),
        Math.addExact(rejected, other.rejected),
        Math.addExact(canceled, other.canceled),
        Math.addExact(removed, other.removed));
  }

  /**
   * The job's status: CANCELED once the job is canceled; once no execution is queued or in progress,
   * SUCCEEDED if every execution not removed succeeded (and at least one did), else FAILED; QUEUED while no
   * execution has started (a removed one never started); IN_PROGRESS otherwise.
   */
  public JobStatus aggregate(boolean jobCanceled) {
    if (jobCanceled) {
      return JobStatus.CANCELED;
    }
    if (total() > 0 && queued + inProgress == 0) {
      return succeeded > 0 && succeeded == total() - removed
          ? JobStatus.SUCCEEDED
          : JobStatus.FAILED;
    }
    if (inProgress + started() == 0) {
      return JobStatus.QUEUED;
    }
    return JobStatus.IN_PROGRESS;
  }

  /** The counts keyed by the lower-case status names (queued, in_progress, ...), in status order. */
  public Map<String, Long> asSnakeCaseMap() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ExecutionStatus status : ExecutionStatus.values()) {
      counts.put(status.name().toLowerCase(Locale.ROOT), count(status));
    }
    return Collections.unmodifiableMap(counts);
  }

  /** Executions that got past the queue to an outcome. */
  private long started() {
    return Math.addExact(Math.addExact(succeeded + failed, timedOut + rejected), canceled);
  }
}
