package io.devicejobs.simulator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** How a virtual device carries out a job it was handed. */
interface SimulatedWork {

  /**
   * @param job the poll's answer: job_id, job_document, timeout_seconds, …
   * @return the final report's fields (status, exit_code, stdout, …); the device adds the version and report id
   */
  Future<JsonObject> perform(SimulatedDevice device, JsonObject job);
}
