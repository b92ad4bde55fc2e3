package io.devicejobs.executions;

import io.devicejobs.jobs.rules.ExecutionStatus;
import io.devicejobs.jobs.rules.OutputCap;
import io.vertx.core.json.JsonObject;

/**
 * A device's report on one execution, checked and capped: fields that are null were not sent and keep their
 * stored values.
 */
public record StatusReport(
    ExecutionStatus status,
    Integer exitCode,
    OutputCap.Capped stdout,
    OutputCap.Capped stderr,
    String reason,
    Integer executedSteps,
    String failedStep,
    JsonObject statusDetails,
    Integer expectedVersion) {

  /** The report as it is remembered, so that a device which lost the answer can recognise it in a 409. */
  public JsonObject asRemembered() {
    return new JsonObject()
        .put("status", status.name())
        .put("exit_code", exitCode)
        .put("reason", reason)
        .put("executed_steps", executedSteps)
        .put("failed_step", failedStep)
        .put("status_details", statusDetails)
        .put("expected_version", expectedVersion);
  }
}
