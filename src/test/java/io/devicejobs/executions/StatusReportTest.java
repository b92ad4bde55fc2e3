package io.devicejobs.executions;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertInvalidAt;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusReportTest extends ServerTest {

  /** A device with one claimed execution; returns [device, jobId]. */
  private String[] claimed(String name) {
    String device = fleet.register(name, 1).get(0);
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, fleet.poll(device));
    return new String[] {device, job};
  }

  @Test
  void progressThenSuccessUpdatesTheExecutionAndTheJob() {
    String[] e = claimed("reporter");
    JsonObject progress =
        assertStatus(
                200,
                fleet.report(
                    e[0],
                    e[1],
                    new JsonObject()
                        .put("status", "IN_PROGRESS")
                        .put("status_details", new JsonObject().put("step", "1/3"))
                        .put("expected_version", 2)))
            .getJsonObject("execution");
    assertEquals(3, progress.getInteger("version_number"));
    progress =
        assertStatus(
                200,
                fleet.report(
                    e[0],
                    e[1],
                    new JsonObject()
                        .put("status", "IN_PROGRESS")
                        .put("status_details", new JsonObject().put("note", "half way"))))
            .getJsonObject("execution");
    assertEquals(
        new JsonObject().put("step", "1/3").put("note", "half way"),
        progress.getJsonObject("status_details"),
        "details are merged");
    JsonObject done =
        assertStatus(
                200,
                fleet.report(
                    e[0],
                    e[1],
                    new JsonObject()
                        .put("status", "SUCCEEDED")
                        .put("exit_code", 0)
                        .put("stdout", "all good\n")
                        .put("executed_steps", 3)))
            .getJsonObject("execution");
    assertEquals("SUCCEEDED", done.getString("status"));
    assertEquals(5, done.getInteger("version_number"));
    assertEquals("all good\n", done.getString("stdout"));
    assertEquals(3, done.getInteger("executed_steps"));
    assertEquals(
        "half way",
        done.getJsonObject("status_details").getString("note"),
        "absent fields keep their values");
    JsonObject job = fleet.job(e[1]);
    assertEquals("SUCCEEDED", job.getString("status"));
    assertEquals(1, job.getLong("succeeded_count"));
    assertEquals(0, job.getLong("in_progress_count"));
    assertTrue(job.getString("completed_at") != null && job.getString("started_at") != null);
  }

  @Test
  void onlyTheClaimStartsAnExecutionButAQueuedOneMayBeRejected() {
    String device = fleet.register("rejecter", 1).get(0);
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    JsonObject refused =
        assertError(
            409,
            "conflict",
            fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
    assertEquals("QUEUED", refused.getJsonObject("current").getString("status"));
    assertError(
        409, "conflict", fleet.report(device, job, new JsonObject().put("status", "IN_PROGRESS")));
    JsonObject rejected =
        assertStatus(
                200,
                fleet.report(
                    device,
                    job,
                    new JsonObject()
                        .put("status", "REJECTED")
                        .put("reason", "unsupported step type")))
            .getJsonObject("execution");
    assertEquals("REJECTED", rejected.getString("status"));
    assertEquals("FAILED", fleet.job(job).getString("status"));
    assertEquals(1, fleet.job(job).getLong("rejected_count"));
  }

  @Test
  void terminalStatesAreFinalAndAResentReportIsRecognisable() {
    String[] e = claimed("resender");
    JsonObject report =
        new JsonObject()
            .put("status", "FAILED")
            .put("exit_code", 3)
            .put("reason", "step x failed")
            .put("failed_step", "x")
            .put("expected_version", 2);
    assertStatus(200, fleet.report(e[0], e[1], report));
    JsonObject conflict = assertError(409, "conflict", fleet.report(e[0], e[1], report));
    JsonObject current = conflict.getJsonObject("current");
    assertEquals("FAILED", current.getString("status"));
    assertEquals(3, current.getInteger("version_number"));
    JsonObject last = current.getJsonObject("last_report");
    assertEquals("FAILED", last.getString("status"));
    assertEquals(3, last.getInteger("exit_code"));
    assertEquals(2, last.getInteger("expected_version"), "the device can match its own report");
    assertError(
        409, "conflict", fleet.report(e[0], e[1], new JsonObject().put("status", "SUCCEEDED")));
  }

  @Test
  void aStaleExpectedVersionIsAConflictNamingTheCurrentVersion() {
    String[] e = claimed("versioned");
    JsonObject conflict =
        assertError(
            409,
            "conflict",
            fleet.report(
                e[0],
                e[1],
                new JsonObject().put("status", "SUCCEEDED").put("expected_version", 1)));
    assertTrue(conflict.getString("message").contains("version"), conflict::encode);
    assertEquals(2, conflict.getJsonObject("current").getInteger("version_number"));
    assertEquals("IN_PROGRESS", conflict.getJsonObject("current").getString("status"));
  }

  @Test
  void badReportsAreRefusedClearly() {
    String[] e = claimed("sloppy");
    assertInvalidAt("/status", fleet.report(e[0], e[1], new JsonObject().put("status", "DONE")));
    assertInvalidAt(
        "/status", fleet.report(e[0], e[1], new JsonObject().put("status", "TIMED_OUT")));
    assertInvalidAt(
        "/status", fleet.report(e[0], e[1], new JsonObject().put("status", "succeeded")));
    assertError(400, "validation_failed", fleet.report(e[0], e[1], new JsonObject()));
    assertError(
        400,
        "validation_failed",
        fleet.report(
            e[0], e[1], new JsonObject().put("status", "SUCCEEDED").put("exit_code", "zero")));
    assertInvalidAt(
        "/status_details",
        fleet.report(
            e[0],
            e[1],
            new JsonObject()
                .put("status", "IN_PROGRESS")
                .put("status_details", new JsonObject().put("big", "x".repeat(20_000)))));
    assertError(
        404,
        "not_found",
        fleet.report(
            e[0], UUID.randomUUID().toString(), new JsonObject().put("status", "SUCCEEDED")));
    String other = fleet.register("bystander", 1).get(0);
    assertError(
        404, "not_found", fleet.report(other, e[1], new JsonObject().put("status", "SUCCEEDED")));
    assertEquals("IN_PROGRESS", fleet.job(e[1]).getString("status"));
  }

  @Test
  void outputIsCappedKeepingTheTail() {
    String[] e = claimed("chatty");
    String output = "x".repeat(100_000) + "THE END";
    JsonObject done =
        assertStatus(
                200,
                fleet.report(
                    e[0],
                    e[1],
                    new JsonObject()
                        .put("status", "SUCCEEDED")
                        .put("stdout", output)
                        .put("stderr", "nul\u0000byte")))
            .getJsonObject("execution");
    assertTrue(done.getBoolean("stdout_truncated"));
    assertEquals(65_536, done.getString("stdout").length());
    assertTrue(done.getString("stdout").endsWith("THE END"));
    assertFalse(done.getBoolean("stderr_truncated"));
    assertEquals("nul\uFFFDbyte", done.getString("stderr"));
  }

  @Test
  void concurrentReportsFromManyDevicesLeaveExactCounts() throws Exception {
    fleet.bulk("busy", 300, "busy");
    JsonObject job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "busy")
                        .put("job_document", Fleet.document("true"))
                        .put("target_type", "group")
                        .put("target_groups", new JsonArray().add("busy"))))
            .getJsonObject("job");
    String jobId = job.getString("job_id");
    List<String> devices = new ArrayList<>();
    assertStatus(200, api.get("/devices?group=busy&limit=1000"))
        .getJsonArray("devices")
        .forEach(d -> devices.add(((JsonObject) d).getString("uuid")));
    DevicePollTest.concurrently(devices.size(), i -> fleet.poll(devices.get(i)));
    DevicePollTest.concurrently(
        devices.size(),
        i ->
            fleet.report(
                devices.get(i),
                jobId,
                new JsonObject()
                    .put(
                        "status",
                        i % 3 == 0 ? "FAILED" : i % 3 == 1 ? "SUCCEEDED" : "IN_PROGRESS")));
    JsonObject counts = fleet.job(jobId);
    assertEquals(100, counts.getLong("failed_count"));
    assertEquals(100, counts.getLong("succeeded_count"));
    assertEquals(100, counts.getLong("in_progress_count"));
    assertEquals(0, counts.getLong("queued_count"));
    for (String status : List.of("FAILED", "SUCCEEDED", "IN_PROGRESS")) {
      assertEquals(
          server.count(
              "SELECT count(*) FROM device_job_status WHERE job_id = '"
                  + jobId
                  + "' AND status = '"
                  + status
                  + "'"),
          counts.getLong(status.toLowerCase() + "_count"));
    }
    assertEquals("IN_PROGRESS", counts.getString("status"));
  }

  @Test
  void aDeviceReadsItsHistoryNewestFirst() {
    String device = fleet.register("historian", 1).get(0);
    String first = fleet.executeOn(List.of(device)).getString("job_id");
    String second = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, fleet.poll(device));
    assertStatus(
        200,
        fleet.report(
            device, first, new JsonObject().put("status", "SUCCEEDED").put("stdout", "one")));
    JsonObject history = assertStatus(200, api.get("/devices/" + device + "/jobs"));
    assertEquals(device, history.getString("device_uuid"));
    assertEquals(2, history.getLong("total"));
    JsonArray jobs = history.getJsonArray("jobs");
    assertEquals(second, jobs.getJsonObject(0).getString("job_id"));
    assertEquals("test job", jobs.getJsonObject(0).getString("job_name"));
    assertEquals("one", jobs.getJsonObject(1).getString("stdout"));
    JsonObject succeeded =
        assertStatus(200, api.get("/devices/" + device + "/jobs?status=SUCCEEDED"));
    assertEquals(1, succeeded.getLong("total"));
    assertError(404, "not_found", api.get("/devices/" + UUID.randomUUID() + "/jobs"));
    assertError(400, "validation_failed", api.get("/devices/" + device + "/jobs?status=DONE"));
  }
}
