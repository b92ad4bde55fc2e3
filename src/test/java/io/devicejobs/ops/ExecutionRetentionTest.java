package io.devicejobs.ops;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** EXECUTION_RETENTION_DAYS deletes finished jobs older than the window, and nothing else. */
class ExecutionRetentionTest extends ServerTest {
  @Override
  protected Map<String, String> settings() {
    return Map.of("EXECUTION_RETENTION_DAYS", "30");
  }

  @Test
  void finishedJobsPastTheWindowGoWithTheirExecutions() throws Exception {
    List<String> devices = fleet.register("retention", 2);
    String old = fleet.executeOn(devices).getString("job_id");
    for (String device : devices) {
      assertStatus(200, fleet.poll(device));
      assertStatus(200, fleet.report(device, old, new JsonObject().put("status", "SUCCEEDED")));
    }
    String rerun =
        assertStatus(
                201,
                api.post(
                    "/jobs/executions/" + old + "/rerun", new JsonObject().put("devices", "all")))
            .getJsonObject("job")
            .getString("job_id");
    String oldButRunning = fleet.executeOn(List.of(devices.get(0))).getString("job_id");
    String recent = fleet.executeOn(List.of(devices.get(1))).getString("job_id");
    // The rerun and "recent" are still queued; "recent"
    // finishes now, the others finished 40 days ago.
    assertStatus(200, api.post("/jobs/executions/" + recent + "/cancel", new JsonObject()));
    server.execute(
        "UPDATE job_executions SET created_at = now() - interval '41 days' WHERE job_id IN ('"
            + old
            + "', '"
            + oldButRunning
            + "')");
    server.execute(
        "UPDATE job_counters SET last_finished_at = now() - interval '40 days' WHERE job_id = '"
            + old
            + "'");

    assertEquals(1, server.server().purgeOldJobsNow().await(30, TimeUnit.SECONDS));

    assertEquals(404, api.get("/jobs/executions/" + old).status());
    assertEquals(
        0, server.count("SELECT count(*) FROM device_job_status WHERE job_id = '" + old + "'"));
    assertEquals(0, server.count("SELECT count(*) FROM job_counters WHERE job_id = '" + old + "'"));
    JsonObject rerunJob = fleet.job(rerun);
    assertEquals(null, rerunJob.getValue("rerun_of"), "the rerun stays, without its link");
    assertEquals("QUEUED", rerunJob.getString("status"));
    assertEquals(
        "QUEUED",
        fleet.job(oldButRunning).getString("status"),
        "unfinished jobs stay, however old");
    assertEquals(
        "CANCELED", fleet.job(recent).getString("status"), "finished within the window: kept");
    assertEquals(0, server.server().purgeOldJobsNow().await(30, TimeUnit.SECONDS));
  }
}
