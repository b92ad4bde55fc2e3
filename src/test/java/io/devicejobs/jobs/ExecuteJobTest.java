package io.devicejobs.jobs;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertInvalidAt;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExecuteJobTest extends ServerTest {
  private static final long HEALTH_CHECK = 3;
  private List<String> kitchen;

  @BeforeAll
  void setUp() {
    kitchen = fleet.register("kitchen", 2, "kitchen");
  }

  private JsonObject healthCheck(String serviceName, String... devices) {
    return new JsonObject()
        .put("job_name", "health")
        .put("template_id", HEALTH_CHECK)
        .put("parameters", new JsonObject().put("SERVICE_NAME", serviceName))
        .put("target_type", "device")
        .put("target_devices", new JsonArray(List.of((Object[]) devices)));
  }

  private long jobs() {
    return server.count("SELECT count(*) FROM job_executions");
  }

  private long executions() {
    return server.count("SELECT count(*) FROM device_job_status");
  }

  @Test
  void executesATemplateOnADeviceWithItsParametersRendered() {
    JsonObject body =
        assertStatus(
            201,
            api.post(
                "/jobs/execute",
                healthCheck("nginx", kitchen.get(0))
                    .put("priority", 5)
                    .put("description", "morning check")
                    .put("created_by", "ops")));
    JsonObject job = body.getJsonObject("job");
    assertTrue(body.getString("message").contains("1 devices"));
    UUID.fromString(job.getString("job_id"));
    assertEquals("QUEUED", job.getString("status"));
    assertEquals(1, job.getInteger("total_devices"));
    assertEquals(1, job.getLong("queued_count"));
    assertEquals(0, job.getLong("succeeded_count"));
    assertEquals(HEALTH_CHECK, job.getLong("template_id"));
    assertEquals("health-check", job.getString("template_name"));
    assertEquals(3600, job.getInteger("timeout_seconds"));
    assertEquals(5, job.getInteger("priority"));
    assertEquals(new JsonObject().put("SERVICE_NAME", "nginx"), job.getJsonObject("parameters"));
    assertEquals(
        "systemctl,is-active,nginx",
        job.getJsonObject("job_document")
            .getJsonArray("steps")
            .getJsonObject(2)
            .getJsonObject("input")
            .getString("command"));
    assertTrue(job.getJsonObject("job_document").getBoolean("includeStdOut"));
  }

  @Test
  void everyPlaceholderNeedsAValueAndUnknownParametersAreRefused() {
    long before = jobs();
    JsonObject missing =
        assertInvalidAt(
            "/parameters",
            api.post(
                "/jobs/execute",
                healthCheck("x", kitchen.get(0)).put("parameters", new JsonObject())));
    assertTrue(missing.getString("message").contains("SERVICE_NAME"), missing::encode);
    assertInvalidAt(
        "/parameters/EXTRA",
        api.post(
            "/jobs/execute",
            healthCheck("nginx", kitchen.get(0))
                .put(
                    "parameters",
                    new JsonObject().put("SERVICE_NAME", "nginx").put("EXTRA", "1"))));
    assertEquals(before, jobs());
  }

  @Test
  void hostileParameterValuesAreRefusedAndNothingIsWritten() {
    long before = jobs();
    for (String hostile :
        List.of(
            "nginx; rm -rf /",
            "$(reboot)",
            "`reboot`",
            "a|b",
            "a && b",
            "'quoted'",
            "\"quoted\"",
            "{{SERVICE_NAME}}",
            "x}}",
            "line\nbreak",
            "tab\there",
            "a b",
            "x".repeat(257),
            "nul\u0000")) {
      assertInvalidAt(
          "/parameters/SERVICE_NAME",
          api.post("/jobs/execute", healthCheck(hostile, kitchen.get(0))));
    }
    assertEquals(before, jobs());
  }

  @Test
  void aRuleWithCommasKeepsTheValueInOneArgument() {
    JsonObject template =
        assertStatus(
                201,
                api.post(
                    "/jobs/templates",
                    new JsonObject()
                        .put("name", "echo-list")
                        .put("job_document", Fleet.document("echo,{{WORDS}}"))
                        .put(
                            "parameter_rules",
                            new JsonObject()
                                .put("WORDS", new JsonObject().put("pattern", "[a-z,]{1,20}")))))
            .getJsonObject("template");
    assertEquals(
        new JsonObject().put("WORDS", new JsonObject().put("pattern", "[a-z,]{1,20}")),
        template.getJsonObject("parameter_rules"));
    JsonObject job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "list")
                        .put("template_id", template.getLong("id"))
                        .put("parameters", new JsonObject().put("WORDS", "a,b"))
                        .put("target_type", "device")
                        .put("target_devices", new JsonArray().add(kitchen.get(1)))))
            .getJsonObject("job");
    assertEquals(
        "echo,a\\,b",
        job.getJsonObject("job_document")
            .getJsonArray("steps")
            .getJsonObject(0)
            .getJsonObject("input")
            .getString("command"));
    assertInvalidAt(
        "/parameter_rules/OTHER",
        api.post(
            "/jobs/templates",
            new JsonObject()
                .put("name", "bad-rules")
                .put("job_document", Fleet.document("echo,{{WORDS}}"))
                .put("parameter_rules", new JsonObject().put("OTHER", new JsonObject()))));
  }

  @Test
  void unknownOrInactiveTargetsAreNamedAndLeaveNoRowBehind() {
    long jobsBefore = jobs();
    long executionsBefore = executions();
    String unknown = UUID.randomUUID().toString();
    JsonObject error =
        assertInvalidAt(
            "/target_devices",
            api.post("/jobs/execute", healthCheck("nginx", kitchen.get(0), unknown)));
    assertTrue(error.getString("message").contains(unknown));
    String inactive = fleet.register("inactive", 1).get(0);
    assertStatus(200, api.patch("/devices/" + inactive, new JsonObject().put("is_active", false)));
    assertTrue(
        assertInvalidAt(
                "/target_devices", api.post("/jobs/execute", healthCheck("nginx", inactive)))
            .getString("message")
            .contains(inactive));
    assertInvalidAt(
        "/target_groups",
        api.post(
            "/jobs/execute",
            new JsonObject()
                .put("job_name", "g")
                .put("job_document", Fleet.document("true"))
                .put("target_type", "group")
                .put("target_groups", new JsonArray().add("kitchen").add("no-such-group"))));
    assertStatus(201, api.put("/groups/empty", new JsonObject()));
    assertInvalidAt(
        "/target_type",
        api.post(
            "/jobs/execute",
            new JsonObject()
                .put("job_name", "g")
                .put("job_document", Fleet.document("true"))
                .put("target_type", "group")
                .put("target_groups", new JsonArray().add("empty"))));
    assertEquals(jobsBefore, jobs());
    assertEquals(executionsBefore, executions());
  }

  @Test
  void requestShapesThatCannotWorkAreRefused() {
    JsonObject both =
        healthCheck("nginx", kitchen.get(0)).put("job_document", Fleet.document("true"));
    assertError(400, "validation_failed", api.post("/jobs/execute", both));
    JsonObject neither = healthCheck("nginx", kitchen.get(0));
    neither.remove("template_id");
    assertError(400, "validation_failed", api.post("/jobs/execute", neither));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/execute", healthCheck("nginx").put("target_devices", new JsonArray())));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/execute", healthCheck("nginx", kitchen.get(0)).put("target_type", "all")));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/execute", healthCheck("nginx", kitchen.get(0)).put("target_type", "planet")));
    assertError(
        400, "validation_failed", api.post("/jobs/execute", healthCheck("nginx", "not-a-uuid")));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/execute", healthCheck("nginx", kitchen.get(0)).put("timeout_seconds", 0)));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/execute", healthCheck("nginx", kitchen.get(0)).put("priority", "high")));
    assertError(
        404,
        "not_found",
        api.post("/jobs/execute", healthCheck("nginx", kitchen.get(0)).put("template_id", 99999)));
    assertInvalidAt(
        "/job_document/steps/0/type",
        api.post(
            "/jobs/execute",
            new JsonObject()
                .put("job_name", "bad")
                .put("target_type", "all")
                .put(
                    "job_document",
                    new JsonObject()
                        .put("version", "1.0")
                        .put(
                            "steps",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("type", "runScript")
                                        .put("input", new JsonObject()))))));
  }

  @Test
  void anInactiveTemplateCannotRun() {
    long id =
        assertStatus(
                201,
                api.post(
                    "/jobs/templates",
                    new JsonObject()
                        .put("name", "retired")
                        .put("job_document", Fleet.document("true"))
                        .put("is_active", false)))
            .getJsonObject("template")
            .getLong("id");
    assertError(
        409,
        "conflict",
        api.post(
            "/jobs/execute",
            new JsonObject()
                .put("job_name", "r")
                .put("template_id", id)
                .put("target_type", "device")
                .put("target_devices", new JsonArray().add(kitchen.get(0)))));
  }

  @Test
  void theOriginalTimeoutInMinutesIsAccepted() {
    JsonObject job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute", healthCheck("sshd", kitchen.get(0)).put("timeout_minutes", 2)))
            .getJsonObject("job");
    assertEquals(120, job.getInteger("timeout_seconds"));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/execute",
            healthCheck("sshd", kitchen.get(0))
                .put("timeout_minutes", 2)
                .put("timeout_seconds", 60)));
  }

  @Test
  void previewRendersAndCountsWithoutCreatingAnything() {
    long before = jobs();
    JsonObject preview =
        assertStatus(
            200,
            api.post(
                "/jobs/preview",
                new JsonObject()
                    .put("job_name", "p")
                    .put("template_id", HEALTH_CHECK)
                    .put("parameters", new JsonObject().put("SERVICE_NAME", "cron"))
                    .put("target_type", "group")
                    .put("target_groups", new JsonArray().add("kitchen"))));
    assertEquals(2, preview.getLong("target_count"));
    assertEquals(
        "systemctl,is-active,cron",
        preview
            .getJsonObject("job_document")
            .getJsonArray("steps")
            .getJsonObject(2)
            .getJsonObject("input")
            .getString("command"));
    assertEquals(before, jobs());
    assertInvalidAt(
        "/parameters/SERVICE_NAME", api.post("/jobs/preview", healthCheck("a;b", kitchen.get(0))));
  }

  @Test
  void fansOutToAGroupAndListsWithExactTotals() {
    List<String> lab = fleet.register("lab", 3, "lab");
    JsonObject job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "lab sweep")
                        .put("job_document", Fleet.document("uptime"))
                        .put("target_type", "group")
                        .put("target_groups", new JsonArray().add("lab").add("lab"))))
            .getJsonObject("job");
    assertEquals(3, job.getInteger("total_devices"));
    String id = job.getString("job_id");

    JsonObject detail = assertStatus(200, api.get("/jobs/executions/" + id + "?limit=2"));
    assertEquals(3, detail.getLong("device_statuses_total"));
    JsonArray statuses = detail.getJsonArray("device_statuses");
    assertEquals(2, statuses.size());
    assertEquals("lab-1", statuses.getJsonObject(0).getString("device_name"));
    assertEquals("QUEUED", statuses.getJsonObject(0).getString("status"));
    assertEquals(1, statuses.getJsonObject(0).getInteger("version_number"));

    JsonObject byDevice = assertStatus(200, api.get("/jobs/executions?device_uuid=" + lab.get(1)));
    assertEquals(1, byDevice.getLong("total"));
    assertEquals(id, byDevice.getJsonArray("executions").getJsonObject(0).getString("job_id"));
    JsonObject page = assertStatus(200, api.get("/jobs/executions?status=QUEUED&limit=1"));
    assertEquals(1, page.getJsonArray("executions").size());
    assertTrue(page.getLong("total") >= 2, page::encode);
    assertEquals(
        0,
        assertStatus(200, api.get("/jobs/executions?created_after=2999-01-01T00:00:00%2B02:00"))
            .getLong("total"));
    assertTrue(
        assertStatus(200, api.get("/jobs/executions?created_after=2000-01-01T00:00:00Z"))
                .getLong("total")
            >= 1);
    assertInvalidAt("/created_after", api.get("/jobs/executions?created_after=yesterday"));
    assertError(404, "not_found", api.get("/jobs/executions/" + UUID.randomUUID()));
    assertError(400, "validation_failed", api.get("/jobs/executions/nope"));
  }

  @Test
  void anIdempotencyKeyReplaysTheFirstAnswerAndCreatesNothingNew() {
    String body = healthCheck("nginx", kitchen.get(0)).encode();
    long before = jobs();
    List<CompletableFuture<ApiClient.Response>> tries =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            api.sendWithHeader(
                                "POST", "/jobs/execute", body, "Idempotency-Key", "retry-42")))
            .toList();
    List<String> ids =
        tries.stream()
            .map(CompletableFuture::join)
            .map(r -> assertStatus(201, r).getJsonObject("job").getString("job_id"))
            .distinct()
            .toList();
    assertEquals(1, ids.size(), "every retry answers the same job");
    assertEquals(before + 1, jobs());
    String other = healthCheck("sshd", kitchen.get(0)).encode();
    assertError(
        409,
        "conflict",
        api.sendWithHeader("POST", "/jobs/execute", other, "Idempotency-Key", "retry-42"));
    String fresh =
        assertStatus(
                201,
                api.sendWithHeader("POST", "/jobs/execute", body, "Idempotency-Key", "retry-43"))
            .getJsonObject("job")
            .getString("job_id");
    assertNotEquals(ids.get(0), fresh);
  }

  /** JSON is UTF-8 whatever charset the Content-Type names (RFC 8259); a bogus one was a 500. */
  @Test
  void aCharsetInTheContentTypeDoesNotChangeHowTheBodyIsRead() {
    String body = healthCheck("cron", kitchen.get(0)).encode();
    String first =
        assertStatus(
                201,
                api.send(
                    "POST",
                    "/jobs/execute",
                    body,
                    "application/json;;;charset",
                    "Idempotency-Key",
                    "charset-1"))
            .getJsonObject("job")
            .getString("job_id");
    for (String type :
        List.of("application/json; charset=no-such-charset", "application/json; charset=utf-8")) {
      assertEquals(
          first,
          assertStatus(
                  201,
                  api.send("POST", "/jobs/execute", body, type, "Idempotency-Key", "charset-1"))
              .getJsonObject("job")
              .getString("job_id"),
          () -> "the same request, replayed, with " + type);
    }
  }

  @Test
  void fansOutToOneHundredThousandDevicesInOneStatement() {
    fleet.bulk("mass", 100_000, "mass");
    JsonObject job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "everyone")
                        .put("job_document", Fleet.document("true"))
                        .put("target_type", "group")
                        .put("target_groups", new JsonArray().add("mass"))))
            .getJsonObject("job");
    assertEquals(100_000, job.getInteger("total_devices"));
    assertEquals(100_000, job.getLong("queued_count"));
    assertEquals(
        100_000,
        server.count(
            "SELECT count(*) FROM device_job_status WHERE job_id = '"
                + job.getString("job_id")
                + "'"));
  }
}
