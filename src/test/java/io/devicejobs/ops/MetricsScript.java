package io.devicejobs.ops;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A job run that touches every domain series once or more, with known totals (MetricsTest lists them).
 */
final class MetricsScript {
  static final String TEMPLATE = "Metrics probe";

  private MetricsScript() {}

  /** Runs the script; {@code ids} receives every device uuid and job id it made. */
  static void run(TestServer server, Fleet fleet, List<String> ids) throws Exception {
    var api = server.client();
    List<String> devices = fleet.register("metrics", 6);
    ids.addAll(devices);
    String ok = devices.get(0);
    String failing = devices.get(1);
    String late = devices.get(2);
    String vanished = devices.get(3);
    String canceled = devices.get(4);
    String removed = devices.get(5);

    long templateId =
        assertStatus(
                201,
                api.post(
                    "/jobs/templates",
                    new JsonObject()
                        .put("name", TEMPLATE)
                        .put("job_document", Fleet.document("true"))))
            .getJsonObject("template")
            .getLong("id");
    String job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "probe")
                        .put("template_id", templateId)
                        .put("target_type", "device")
                        .put(
                            "target_devices",
                            new JsonArray(List.of(ok, failing, late, vanished, removed)))))
            .getJsonObject("job")
            .getString("job_id");
    String inline = fleet.executeOn(List.of(canceled)).getString("job_id");
    ids.add(job);
    ids.add(inline);

    // Four claims; then reports: two accepted terminal ones and one accepted progress report.
    for (String device : List.of(ok, failing, late, vanished)) {
      assertStatus(200, fleet.poll(device));
    }
    assertStatus(200, fleet.report(ok, job, new JsonObject().put("status", "IN_PROGRESS")));
    assertStatus(
        200,
        fleet.report(ok, job, new JsonObject().put("status", "SUCCEEDED").put("exit_code", 0)));
    assertStatus(
        200,
        fleet.report(failing, job, new JsonObject().put("status", "FAILED").put("exit_code", 1)));
    // Refused reports: a conflict, an unknown status (the handler's check), a wrong type (the
    // contract's check),
    // and an execution that does not exist.
    assertStatus(409, fleet.report(failing, job, new JsonObject().put("status", "SUCCEEDED")));
    assertStatus(400, fleet.report(failing, job, new JsonObject().put("status", "DONE")));
    assertStatus(400, fleet.report(failing, job, new JsonObject().put("status", 5)));
    assertStatus(
        404,
        fleet.report(
            ok, UUID.randomUUID().toString(), new JsonObject().put("status", "SUCCEEDED")));

    // Two empty polls: one from the database, one from memory.
    assertStatus(204, fleet.poll(ok));
    assertStatus(204, fleet.poll(ok));
    // A device deleted behind the server's back (its token
    // still cached) polls: an error of the poll handler.
    server.execute("UPDATE devices SET deleted_at = now() WHERE uuid = '" + vanished + "'");
    assertStatus(404, fleet.poll(vanished));

    server.execute(
        "UPDATE device_job_status SET deadline_at = now() - interval '1 minute'"
            + " WHERE device_uuid = '"
            + late
            + "'");
    assertEquals(1, server.server().sweepTimeoutsNow().await(30, TimeUnit.SECONDS));
    assertStatus(200, api.post("/jobs/executions/" + inline + "/cancel", new JsonObject()));
    assertStatus(204, api.delete("/devices/" + removed));

    server.server().refreshFleetMetricsNow().await(30, TimeUnit.SECONDS);
  }

  /** The server's /metrics text. */
  static String metrics(TestServer server) {
    var answer = server.client().get("/metrics");
    assertEquals(200, answer.status(), answer::toString);
    return answer.text();
  }
}
