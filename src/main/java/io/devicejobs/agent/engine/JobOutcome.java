package io.devicejobs.agent.engine;

/**
 * How a job ended on the device. A job that hit its deadline is {@link #FAILED} with
 * {@link JobResult#timedOut()} set: devices report FAILED for it and the server decides about TIMED_OUT.
 */
public enum JobOutcome {
  SUCCEEDED,
  FAILED,
  /** Stopped by {@link JobEngine#cancel()}. */
  CANCELED,
  /** Not run at all: the document is not one this engine can run. */
  REJECTED
}
