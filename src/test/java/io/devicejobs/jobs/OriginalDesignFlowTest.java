package io.devicejobs.jobs;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The end-to-end flow the original design tested with its PowerShell script, step by step. */
class OriginalDesignFlowTest {

  @Test
  void templatesHandlersExecutePollReportAndHistory() {
    try (TestServer server = TestServer.start()) {
      ApiClient api = server.client();
      JsonArray templates = assertStatus(200, api.get("/jobs/templates")).getJsonArray("templates");
      assertEquals(3, templates.size());
      long healthCheck =
          templates.stream()
              .map(JsonObject.class::cast)
              .filter(t -> t.getString("name").equals("health-check"))
              .findFirst()
              .orElseThrow()
              .getLong("id");
      assertEquals(
          "health-check",
          assertStatus(200, api.get("/jobs/templates/" + healthCheck))
              .getJsonObject("template")
              .getString("name"));
      assertEquals(2, assertStatus(200, api.get("/jobs/handlers")).getInteger("total"));

      JsonObject created =
          assertStatus(
                  201,
                  api.post(
                      "/jobs/templates",
                      new JsonObject()
                          .put("name", "Test Template")
                          .put("description", "made by the flow")
                          .put("category", "test")
                          .put("is_system", false)
                          .put(
                              "job_document",
                              new JsonObject()
                                  .put("version", "1.0")
                                  .put(
                                      "steps",
                                      new JsonArray()
                                          .add(
                                              new JsonObject()
                                                  .put(
                                                      "action",
                                                      new JsonObject()
                                                          .put("type", "runCommand")
                                                          .put(
                                                              "input",
                                                              new JsonObject()
                                                                  .put(
                                                                      "command", "echo test"))))))))
              .getJsonObject("template");
      assertStatus(204, api.delete("/jobs/templates/" + created.getLong("id")));

      JsonObject registered =
          assertStatus(
              201,
              api.post(
                  "/devices",
                  new JsonObject()
                      .put("uuid", "8479359e-dbeb-4858-813c-e8a9008dde04")
                      .put("device_name", "raspberry-pi-1")));
      String device = registered.getJsonObject("device").getString("uuid");
      ApiClient pi = api.as(registered.getString("device_token"));
      JsonObject job =
          assertStatus(
                  201,
                  api.post(
                      "/jobs/execute",
                      new JsonObject()
                          .put("job_name", "My Test Job")
                          .put("template_id", healthCheck)
                          .put("parameters", new JsonObject().put("SERVICE_NAME", "nginx"))
                          .put("target_type", "device")
                          .put("target_devices", new JsonArray().add(device))
                          .put("timeout_seconds", 300)))
              .getJsonObject("job");
      String jobId = job.getString("job_id");
      assertEquals(
          0,
          assertStatus(200, api.get("/jobs/executions"))
              .getJsonArray("executions")
              .getJsonObject(0)
              .getLong("in_progress_count"));

      JsonObject next = assertStatus(200, pi.get("/devices/" + device + "/jobs/next"));
      assertEquals(jobId, next.getString("job_id"));
      assertEquals(300, next.getInteger("timeout_seconds"));
      assertStatus(
          200,
          pi.patch(
              "/devices/" + device + "/jobs/" + jobId + "/status",
              new JsonObject()
                  .put("status", "IN_PROGRESS")
                  .put(
                      "status_details", new JsonObject().put("message", "Job execution started"))));
      assertStatus(
          200,
          pi.patch(
              "/devices/" + device + "/jobs/" + jobId + "/status",
              new JsonObject()
                  .put("status", "SUCCEEDED")
                  .put("exit_code", 0)
                  .put("stdout", "Filesystem Size Used\n")
                  .put("stderr", "")
                  .put(
                      "status_details",
                      new JsonObject().put("message", "Job completed successfully"))));

      JsonObject detail = assertStatus(200, api.get("/jobs/executions/" + jobId));
      assertEquals("SUCCEEDED", detail.getJsonObject("job").getString("status"));
      assertEquals(1, detail.getJsonObject("job").getLong("succeeded_count"));
      assertEquals(1, detail.getJsonObject("job").getInteger("total_devices"));
      JsonObject deviceStatus = detail.getJsonArray("device_statuses").getJsonObject(0);
      assertEquals("raspberry-pi-1", deviceStatus.getString("device_name"));
      assertEquals(
          "Job completed successfully",
          deviceStatus.getJsonObject("status_details").getString("message"));

      JsonObject history = assertStatus(200, pi.get("/devices/" + device + "/jobs"));
      assertEquals(1, history.getLong("total"));
      assertEquals(jobId, history.getJsonArray("jobs").getJsonObject(0).getString("job_id"));
      assertTrue(
          history
              .getJsonArray("jobs")
              .getJsonObject(0)
              .getString("stdout")
              .startsWith("Filesystem"));
    }
  }
}
