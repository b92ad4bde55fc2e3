package io.devicejobs.jobs.rules;

/** The status of a job as a whole, derived from its executions by {@link JobCounts#aggregate}. */
public enum JobStatus {
  QUEUED,
  IN_PROGRESS,
  SUCCEEDED,
  FAILED,
  CANCELED
}
