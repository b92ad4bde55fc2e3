package io.devicejobs.templates;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertInvalidAt;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.jobs.document.ValidatedDocument;
import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TemplateApiTest extends ServerTest {

  private JsonObject document(String command) {
    return new JsonObject()
        .put("version", "1.0")
        .put(
            "steps",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("type", "runCommand")
                        .put("input", new JsonObject().put("command", command))));
  }

  private JsonObject create(String name, JsonObject document) {
    return assertStatus(
            201,
            api.post(
                "/jobs/templates",
                new JsonObject().put("name", name).put("job_document", document)))
        .getJsonObject("template");
  }

  @Test
  void listsTheSeededTemplatesWithTheirPlaceholders() {
    JsonObject body = assertStatus(200, api.get("/jobs/templates?category=system"));
    assertEquals(2, body.getLong("total"));
    JsonArray templates = body.getJsonArray("templates");
    assertEquals(
        List.of("restart-service", "update-config"),
        templates.stream().map(t -> ((JsonObject) t).getString("name")).toList());
    JsonObject updateConfig = templates.getJsonObject(1);
    assertEquals(
        new JsonArray(List.of("CONFIG_PATH", "CONFIG_URL", "SERVICE_NAME")),
        updateConfig.getJsonArray("placeholders"));
    assertEquals(
        "download-file",
        updateConfig
            .getJsonObject("job_document")
            .getJsonArray("steps")
            .getJsonObject(1)
            .getJsonObject("input")
            .getString("handler"));
  }

  @Test
  void seededTemplatesAreValidAndTheirDerivedFieldsMatchTheValidator() {
    JsonArray templates =
        assertStatus(200, api.get("/jobs/templates?category=maintenance"))
            .getJsonArray("templates");
    templates.addAll(
        assertStatus(200, api.get("/jobs/templates?category=system")).getJsonArray("templates"));
    assertEquals(3, templates.size());
    for (Object t : templates) {
      JsonObject template = (JsonObject) t;
      ValidatedDocument validated =
          JobDocuments.validate(template.getJsonObject("job_document"), "");
      assertEquals(
          template.getJsonObject("job_document"),
          JobDocuments.toJson(validated.document()),
          "seed of " + template.getString("name") + " is stored normalised");
      assertEquals(
          new JsonArray(List.copyOf(validated.placeholders())),
          template.getJsonArray("placeholders"));
    }
  }

  @Test
  void totalIsTheRealCountNotThePageSize() {
    JsonObject page = assertStatus(200, api.get("/jobs/templates?limit=1&offset=1&active=true"));
    assertEquals(1, page.getJsonArray("templates").size());
    assertTrue(page.getLong("total") >= 3);
    assertEquals(1, page.getInteger("limit"));
    assertEquals(1, page.getInteger("offset"));
    assertEquals(
        0,
        assertStatus(200, api.get("/jobs/templates?active=false&category=nothing"))
            .getLong("total"));
    assertError(400, "validation_failed", api.get("/jobs/templates?limit=0"));
    assertError(400, "validation_failed", api.get("/jobs/templates?active=maybe"));
  }

  @Test
  void createsATemplateAndDerivesItsPlaceholders() {
    JsonObject body =
        new JsonObject()
            .put("name", "Echo Things")
            .put("description", "says {{WORD}}")
            .put("category", "demo")
            .put("is_system", true) // older clients send extras: ignored
            .put(
                "job_document",
                new JsonObject()
                    .put("version", "1.0")
                    .put("includeStdOut", true)
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
                                                        "command",
                                                        "echo,{{WORD}},{{OTHER_WORD}}"))))
                            .add(
                                new JsonObject()
                                    .put("name", "second")
                                    .put("type", "runCommand")
                                    .put("ignoreStepFailure", "true")
                                    .put(
                                        "input",
                                        new JsonObject()
                                            .put("command", "docker ps | grep {{WORD}}")))));
    JsonObject created = assertStatus(201, api.post("/jobs/templates", body));
    JsonObject template = created.getJsonObject("template");
    assertEquals("Echo Things", template.getString("name"));
    assertEquals("demo", template.getString("category"));
    assertTrue(template.getBoolean("is_active"));
    assertEquals(
        new JsonArray(List.of("OTHER_WORD", "WORD")), template.getJsonArray("placeholders"));
    JsonArray steps = template.getJsonObject("job_document").getJsonArray("steps");
    assertEquals(
        "step-1", steps.getJsonObject(0).getString("name"), "nested form normalised, default name");
    assertEquals("runCommand", steps.getJsonObject(0).getString("type"));
    assertFalse(steps.getJsonObject(0).containsKey("action"));
    assertEquals(
        Boolean.TRUE,
        steps.getJsonObject(1).getBoolean("ignoreStepFailure"),
        "\"true\" normalised");

    JsonObject fetched =
        assertStatus(200, api.get("/jobs/templates/" + template.getLong("id")))
            .getJsonObject("template");
    assertEquals(template, fetched);
  }

  @Test
  void refusesADuplicateName() {
    create("unique-name", document("true"));
    long before = server.count("SELECT count(*) FROM job_templates");
    assertError(
        409,
        "conflict",
        api.post(
            "/jobs/templates",
            new JsonObject().put("name", "unique-name").put("job_document", document("false"))));
    assertEquals(before, server.count("SELECT count(*) FROM job_templates"));
  }

  @Test
  void rejectsMissingFieldsAndWrongTypes() {
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/templates", new JsonObject().put("job_document", document("ls"))));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/templates", new JsonObject().put("name", "no-document")));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/templates",
            new JsonObject().put("name", 5).put("job_document", document("ls"))));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/templates",
            new JsonObject().put("name", "x").put("job_document", "not an object")));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/templates",
            new JsonObject()
                .put("name", "x")
                .put("category", "Not A Category")
                .put("job_document", document("ls"))));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/templates",
            new JsonObject().put("name", "tab\tname").put("job_document", document("ls"))));
    assertError(
        400, "bad_request", api.send("POST", "/jobs/templates", "{\"name\": ", "application/json"));
    assertEquals(
        0, server.count("SELECT count(*) FROM job_templates WHERE name IN ('x', 'no-document')"));
  }

  @Test
  void rejectsAnInvalidJobDocumentWithThePointerOfEachProblem() {
    JsonObject bad =
        new JsonObject()
            .put("version", "2.0")
            .put(
                "steps",
                new JsonArray()
                    .add(new JsonObject().put("type", "runScript").put("input", new JsonObject()))
                    .add(
                        new JsonObject()
                            .put("type", "runCommand")
                            .put("input", new JsonObject().put("command", "ls"))
                            .put("extra", 1)));
    JsonObject error =
        assertInvalidAt(
            "/job_document/steps/0/type",
            api.post(
                "/jobs/templates",
                new JsonObject().put("name", "bad-doc").put("job_document", bad)));
    assertInvalidAt(
        "/job_document/version",
        api.post(
            "/jobs/templates", new JsonObject().put("name", "bad-doc").put("job_document", bad)));
    assertInvalidAt(
        "/job_document/steps/1/extra",
        api.post(
            "/jobs/templates", new JsonObject().put("name", "bad-doc").put("job_document", bad)));
    assertTrue(error.getString("message").contains("/job_document"), error::encode);
    assertEquals(0, server.count("SELECT count(*) FROM job_templates WHERE name = 'bad-doc'"));
  }

  @Test
  void rejectsAnUnknownHandlerAtItsPointer() {
    JsonObject doc =
        new JsonObject()
            .put("version", "1.0")
            .put(
                "steps",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("type", "runHandler")
                            .put("input", new JsonObject().put("handler", "no-such-handler"))));
    JsonObject error =
        assertInvalidAt(
            "/job_document/steps/0/input/handler",
            api.post(
                "/jobs/templates",
                new JsonObject().put("name", "uses-missing").put("job_document", doc)));
    assertTrue(error.getString("message").contains("no-such-handler"));
    assertEquals(0, server.count("SELECT count(*) FROM job_templates WHERE name = 'uses-missing'"));
  }

  @Test
  void rejectsADocumentOverThirtyTwoKibibytes() {
    JsonArray steps = new JsonArray();
    for (int i = 0; i < 40; i++) {
      steps.add(
          new JsonObject()
              .put("type", "runCommand")
              .put("input", new JsonObject().put("command", "echo " + "x".repeat(1000))));
    }
    assertInvalidAt(
        "/job_document",
        api.post(
            "/jobs/templates",
            new JsonObject()
                .put("name", "huge")
                .put("job_document", new JsonObject().put("version", "1.0").put("steps", steps))));
  }

  @Test
  void updatesOnlyTheFieldsGiven() {
    JsonObject template = create("to-update", document("echo,{{A}}"));
    String path = "/jobs/templates/" + template.getLong("id");
    JsonObject updated =
        assertStatus(
                200,
                api.put(
                    path,
                    new JsonObject()
                        .put("description", "now described")
                        .put("id", 999)
                        .put("created_at", "ignored")))
            .getJsonObject("template");
    assertEquals("now described", updated.getString("description"));
    assertEquals("to-update", updated.getString("name"));
    assertEquals(template.getJsonObject("job_document"), updated.getJsonObject("job_document"));

    updated =
        assertStatus(
                200,
                api.put(path, new JsonObject().put("job_document", document("echo,{{B}},{{C}}"))))
            .getJsonObject("template");
    assertEquals(new JsonArray(List.of("B", "C")), updated.getJsonArray("placeholders"));
    assertEquals("now described", updated.getString("description"));

    updated =
        assertStatus(
                200, api.put(path, new JsonObject().putNull("description").put("is_active", false)))
            .getJsonObject("template");
    assertNull(updated.getString("description"));
    assertFalse(updated.getBoolean("is_active"));

    assertError(400, "bad_request", api.put(path, new JsonObject()));
    assertError(400, "bad_request", api.put(path, new JsonObject().put("is_system", true)));
    assertError(409, "conflict", api.put(path, new JsonObject().put("name", "health-check")));
    assertInvalidAt(
        "/job_document/steps",
        api.put(
            path,
            new JsonObject()
                .put(
                    "job_document",
                    new JsonObject().put("version", "1.0").put("steps", new JsonArray()))));
    assertError(
        404,
        "not_found",
        api.put("/jobs/templates/987654", new JsonObject().put("description", "x")));
  }

  @Test
  void concurrentPartialUpdatesOfDifferentFieldsLoseNothing() {
    JsonObject template = create("concurrent", document("true"));
    String path = "/jobs/templates/" + template.getLong("id");
    List<CompletableFuture<ApiClient.Response>> updates =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            i % 2 == 0
                                ? api.put(path, new JsonObject().put("description", "d"))
                                : api.put(path, new JsonObject().put("category", "concurrency"))))
            .toList();
    updates.forEach(u -> assertStatus(200, u.join()));
    JsonObject after = assertStatus(200, api.get(path)).getJsonObject("template");
    assertEquals("d", after.getString("description"));
    assertEquals("concurrency", after.getString("category"));
  }

  @Test
  void getAndDeleteAnswerNotFoundAndBadRequestProperly() {
    assertError(404, "not_found", api.get("/jobs/templates/424242"));
    assertError(400, "validation_failed", api.get("/jobs/templates/abc"));
    assertError(400, "validation_failed", api.get("/jobs/templates/0"));
    assertError(404, "not_found", api.delete("/jobs/templates/424242"));
  }

  @Test
  void deletingATemplateKeepsTheJobsThatUsedIt() {
    JsonObject template = create("short-lived", document("echo,hi"));
    long id = template.getLong("id");
    server.count(
        "INSERT INTO job_executions (job_id, job_name, template_id, template_name, job_document, target_type,"
            + " timeout_seconds, total_devices) SELECT gen_random_uuid(), 'uses it', id, name, job_document, 'all', 60, 0"
            + " FROM job_templates WHERE id = "
            + id
            + " RETURNING 1");
    assertStatus(204, api.delete("/jobs/templates/" + id));
    assertError(404, "not_found", api.get("/jobs/templates/" + id));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM job_executions WHERE job_name = 'uses it'"
                + " AND template_id IS NULL AND template_name = 'short-lived' AND job_document->'steps'->0->'input'->>'command' = 'echo,hi'"));
  }
}
