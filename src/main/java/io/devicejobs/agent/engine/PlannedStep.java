package io.devicejobs.agent.engine;

import java.util.Objects;

/**
 * One step of a job, read and checked before anything runs.
 *
 * @param runAsUser the user to run as, or null for the agent's own user
 * @param allowedStdErrLines how many stderr lines are tolerated, or null when stderr alone never fails the step
 */
record PlannedStep(
    String name,
    StepAction action,
    String runAsUser,
    boolean ignoreFailure,
    Integer allowedStdErrLines) {

  PlannedStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
  }
}
