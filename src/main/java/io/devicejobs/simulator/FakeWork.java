package io.devicejobs.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Pretends to run the job: waits the configured time, then succeeds or fails at the configured ratio. */
final class FakeWork implements SimulatedWork {

  private final Vertx vertx;
  private final Duration jobDuration;
  private final double successRatio;
  private final DoubleSupplier random;

  FakeWork(Vertx vertx, Duration jobDuration, double successRatio, DoubleSupplier random) {
    this.vertx = vertx;
    this.jobDuration = jobDuration;
    this.successRatio = successRatio;
    this.random = random;
  }

  @Override
  public Future<JsonObject> perform(SimulatedDevice device, JsonObject job) {
    Promise<JsonObject> done = Promise.promise();
    // The timer belongs to the calling device's event loop, like everything else the device does.
    vertx.setTimer(Math.max(1, jobDuration.toMillis()), timer -> done.complete(outcome(job)));
    return done.future();
  }

  private JsonObject outcome(JsonObject job) {
    JsonObject document = job.getJsonObject("job_document", new JsonObject());
    JsonArray steps = document.getJsonArray("steps", new JsonArray());
    if (random.getAsDouble() < successRatio) {
      JsonObject report =
          new JsonObject()
              .put("status", "SUCCEEDED")
              .put("exit_code", 0)
              .put("executed_steps", steps.size() + (document.containsKey("finalStep") ? 1 : 0))
              .put("stderr", "");
      if (document.getBoolean("includeStdOut", false)) {
        report.put("stdout", "simulated run of " + job.getString("job_name") + "\n");
      }
      return report;
    }
    String firstStep =
        steps.isEmpty() ? "step-1" : steps.getJsonObject(0).getString("name", "step-1");
    return new JsonObject()
        .put("status", "FAILED")
        .put("exit_code", 1)
        .put("executed_steps", 1)
        .put("failed_step", firstStep)
        .put("reason", "simulated failure")
        .put("stderr", "simulated failure\n");
  }
}
