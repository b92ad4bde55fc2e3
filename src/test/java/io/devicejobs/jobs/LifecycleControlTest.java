package io.devicejobs.jobs;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertInvalidAt;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.ServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Timeouts, cancel and rerun. */
class LifecycleControlTest extends ServerTest {

  @Override
  protected Map<String, String> settings() {
    return Map.of("TIMEOUT_GRACE_SECONDS", "10", "SWEEP_INTERVAL_MS", "3600000");
  }

  private void deadlineSecondsAgo(String device, String job, int seconds) {
    server.execute(
        "UPDATE device_job_status SET deadline_at = now() - interval '"
            + seconds
            + " seconds'"
            + " WHERE device_uuid = '"
            + device
            + "' AND job_id = '"
            + job
            + "'");
  }

  private String statusOf(String device, String job) {
    return assertStatus(200, api.get("/jobs/executions/" + job))
        .getJsonArray("device_statuses")
        .stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getString("device_uuid").equals(device))
        .findFirst()
        .orElseThrow()
        .getString("status");
  }

  @Test
  void overdueExecutionsTimeOutOnlyAfterTheGracePeriod() {
    String device = fleet.register("slow", 1).get(0);
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, fleet.poll(device));

    deadlineSecondsAgo(device, job, 5);
    server.server().sweepTimeoutsNow().await();
    assertEquals(
        "IN_PROGRESS", statusOf(device, job), "a device reporting at its deadline is not raced");

    deadlineSecondsAgo(device, job, 11);
    assertTrue(server.server().sweepTimeoutsNow().await() >= 1);
    assertEquals("TIMED_OUT", statusOf(device, job));
    JsonObject late =
        assertError(
            409,
            "conflict",
            fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
    assertTrue(late.getString("message").contains("TIMED_OUT"), late::encode);
    JsonObject summary = fleet.job(job);
    assertEquals("FAILED", summary.getString("status"));
    assertEquals(1, summary.getLong("timed_out_count"));
    assertEquals(204, fleet.poll(device).status(), "the device is free for its next job");
  }

  @Test
  void onlyOneInstanceSweepsAtATime() throws Exception {
    List<String> devices = fleet.register("swept", 3);
    String job = fleet.executeOn(devices).getString("job_id");
    devices.forEach(
        d -> {
          assertStatus(200, fleet.poll(d));
          deadlineSecondsAgo(d, job, 60);
        });
    try (TestServer other =
        TestServer.startOn(server.database(), Map.of("SWEEP_INTERVAL_MS", "3600000"))) {
      var mine = server.server().sweepTimeoutsNow();
      var theirs = other.server().sweepTimeoutsNow();
      int moved = Math.max(mine.await(), 0) + Math.max(theirs.await(), 0);
      assertEquals(3, moved);
    }
    assertEquals(3, fleet.job(job).getLong("timed_out_count"));
  }

  @Test
  void cancelStopsQueuedExecutionsAndLetsRunningOnesFinish() {
    List<String> devices = fleet.register("cancel", 2);
    String job = fleet.executeOn(devices).getString("job_id");
    assertStatus(200, fleet.poll(devices.get(0)));
    JsonObject canceled =
        assertStatus(
                200,
                api.post(
                    "/jobs/executions/" + job + "/cancel",
                    new JsonObject().put("reason", "wrong parameters")))
            .getJsonObject("job");
    assertEquals("CANCELED", canceled.getString("status"));
    assertEquals("wrong parameters", canceled.getString("cancel_reason"));
    assertEquals(1, canceled.getLong("canceled_count"));
    assertEquals(1, canceled.getLong("in_progress_count"));
    assertEquals(204, fleet.poll(devices.get(1)).status(), "a canceled execution is never claimed");
    assertStatus(
        200, fleet.report(devices.get(0), job, new JsonObject().put("status", "SUCCEEDED")));
    assertEquals("CANCELED", fleet.job(job).getString("status"));
    assertError(409, "conflict", api.post("/jobs/executions/" + job + "/cancel", new JsonObject()));
  }

  @Test
  void forceCancelStopsRunningExecutionsTooAndTheDeviceLearnsAtItsNextReport() {
    String device = fleet.register("forced", 1).get(0);
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, fleet.poll(device));
    assertStatus(200, api.send("POST", "/jobs/executions/" + job + "/cancel", null, null));
    assertEquals("IN_PROGRESS", statusOf(device, job), "without force a running execution goes on");

    String other =
        fleet.executeOn(List.of(fleet.register("forced-too", 1).get(0))).getString("job_id");
    String forcedDevice =
        assertStatus(200, api.get("/jobs/executions/" + other))
            .getJsonArray("device_statuses")
            .getJsonObject(0)
            .getString("device_uuid");
    assertStatus(200, fleet.poll(forcedDevice));
    JsonObject canceled =
        assertStatus(
                200,
                api.post(
                    "/jobs/executions/" + other + "/cancel", new JsonObject().put("force", true)))
            .getJsonObject("job");
    assertEquals(1, canceled.getLong("canceled_count"));
    JsonObject heartbeat =
        assertError(
            409,
            "conflict",
            fleet.report(forcedDevice, other, new JsonObject().put("status", "IN_PROGRESS")));
    assertTrue(heartbeat.getString("message").contains("CANCELED"), heartbeat::encode);
    assertEquals("CANCELED", heartbeat.getJsonObject("current").getString("status"));
  }

  @Test
  void aFinishedOrUnknownJobCannotBeCanceled() {
    String device = fleet.register("finished", 1).get(0);
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, fleet.poll(device));
    assertStatus(200, fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
    assertError(409, "conflict", api.post("/jobs/executions/" + job + "/cancel", new JsonObject()));
    assertError(
        404,
        "not_found",
        api.post("/jobs/executions/" + UUID.randomUUID() + "/cancel", new JsonObject()));
  }

  @Test
  void rerunTargetsTheFailedDevicesWithTheSameDocument() {
    List<String> devices = fleet.register("rerun", 4);
    JsonObject original = fleet.executeOn(devices, Fleet.document("echo,again"));
    String job = original.getString("job_id");
    devices.forEach(d -> assertStatus(200, fleet.poll(d)));
    assertStatus(
        200, fleet.report(devices.get(0), job, new JsonObject().put("status", "SUCCEEDED")));
    assertStatus(200, fleet.report(devices.get(1), job, new JsonObject().put("status", "FAILED")));
    assertStatus(
        200, fleet.report(devices.get(2), job, new JsonObject().put("status", "REJECTED")));
    deadlineSecondsAgo(devices.get(3), job, 60);
    server.server().sweepTimeoutsNow().await();

    JsonObject rerun =
        assertStatus(
                201,
                api.post(
                    "/jobs/executions/" + job + "/rerun",
                    new JsonObject().put("devices", "failed")))
            .getJsonObject("job");
    assertEquals(3, rerun.getInteger("total_devices"));
    assertEquals(job, rerun.getString("rerun_of"));
    assertEquals(original.getJsonObject("job_document"), rerun.getJsonObject("job_document"));
    assertEquals(
        rerun.getString("job_id"),
        assertStatus(200, fleet.poll(devices.get(1))).getString("job_id"));
    assertEquals(
        204, fleet.poll(devices.get(0)).status(), "the device that succeeded is not in the rerun");

    assertEquals(
        4,
        assertStatus(
                201,
                api.post(
                    "/jobs/executions/" + job + "/rerun", new JsonObject().put("devices", "all")))
            .getJsonObject("job")
            .getInteger("total_devices"));
    assertEquals(
        1,
        assertStatus(
                201,
                api.post(
                    "/jobs/executions/" + job + "/rerun",
                    new JsonObject().put("devices", new JsonArray().add(devices.get(0)))))
            .getJsonObject("job")
            .getInteger("total_devices"));
    String stranger = fleet.register("stranger", 1).get(0);
    assertInvalidAt(
        "/devices",
        api.post(
            "/jobs/executions/" + job + "/rerun",
            new JsonObject().put("devices", new JsonArray().add(stranger))));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/executions/" + job + "/rerun", new JsonObject().put("devices", "some")));
    assertError(
        404,
        "not_found",
        api.post(
            "/jobs/executions/" + UUID.randomUUID() + "/rerun",
            new JsonObject().put("devices", "all")));
  }

  @Test
  void aDeletedDevicesPendingExecutionIsRemovedAndTheJobCanFinish() {
    List<String> devices = fleet.register("leaver", 2);
    String job = fleet.executeOn(devices).getString("job_id");
    assertStatus(200, fleet.poll(devices.get(0)));
    assertStatus(
        200, fleet.report(devices.get(0), job, new JsonObject().put("status", "SUCCEEDED")));
    assertStatus(204, api.delete("/devices/" + devices.get(1)));
    JsonObject summary = fleet.job(job);
    assertEquals(1, summary.getLong("removed_count"));
    assertEquals(
        "SUCCEEDED", summary.getString("status"), "every execution that was not removed succeeded");
  }
}
