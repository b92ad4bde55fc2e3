package io.devicejobs.agent.engine;

/** How one step ended. */
public enum StepOutcome {
  SUCCEEDED,
  /** Non-zero exit, killed by a signal, could not start, or too many stderr lines. */
  FAILED,
  /** The job's deadline passed while the step ran; its process tree was killed. */
  TIMED_OUT,
  /** The job was canceled while the step ran; its process tree was killed. */
  CANCELED
}
