package io.devicejobs.handlers;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HandlerApiTest extends ServerTest {

  @Test
  void listsTheSeededHandlersWithTheHashOfTheirScripts() {
    JsonObject body = assertStatus(200, api.get("/jobs/handlers"));
    JsonArray handlers = body.getJsonArray("handlers");
    assertEquals(handlers.size(), body.getInteger("total"));
    for (Object h : handlers) {
      JsonObject handler = (JsonObject) h;
      assertEquals(
          HandlerScript.sha256(handler.getString("script")), handler.getString("script_sha256"));
    }
    JsonObject backup =
        assertStatus(200, api.get("/jobs/handlers/backup-directory")).getJsonObject("handler");
    assertEquals("bash", backup.getString("script_type"));
    assertTrue(backup.getString("script").contains("/var/backups/${name}.tar.gz"));
    String download =
        assertStatus(200, api.get("/jobs/handlers/download-file"))
            .getJsonObject("handler")
            .getString("script");
    assertTrue(download.contains("curl --fail"), "download-file fails on HTTP errors");
    assertTrue(
        download.contains("\"$1\"") || download.contains("url=\"$1\""), "takes the URL as $1");
  }

  @Test
  void createsAHandlerWhoseNameContainsAPlus() {
    JsonObject created =
        assertStatus(
            201,
            api.post(
                "/jobs/handlers",
                new JsonObject()
                    .put("name", "fix+perms")
                    .put("script", "#!/bin/sh\nchmod -R go-w \"$1\"\n")
                    .put("description", "tighten permissions")
                    .put("is_system", false)));
    JsonObject handler = created.getJsonObject("handler");
    assertEquals(
        HandlerScript.sha256("#!/bin/sh\nchmod -R go-w \"$1\"\n"),
        handler.getString("script_sha256"));
    assertEquals("bash", handler.getString("script_type"));
    // '+' in a path is a plus, whether written plainly or escaped.
    assertEquals(
        "fix+perms",
        assertStatus(200, api.get("/jobs/handlers/fix+perms"))
            .getJsonObject("handler")
            .getString("name"));
    assertEquals(
        "fix+perms",
        assertStatus(200, api.get("/jobs/handlers/fix%2Bperms"))
            .getJsonObject("handler")
            .getString("name"));
    assertError(400, "validation_failed", api.get("/jobs/handlers/fix%20perms"));
    assertError(404, "not_found", api.get("/jobs/handlers/fix-perms"));
  }

  @Test
  void refusesDuplicatesBadNamesAndMissingScripts() {
    assertError(
        409,
        "conflict",
        api.post(
            "/jobs/handlers", new JsonObject().put("name", "download-file").put("script", "x")));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/handlers", new JsonObject().put("name", "../etc/passwd").put("script", "x")));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/handlers", new JsonObject().put("name", "has space").put("script", "x")));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/handlers", new JsonObject().put("name", "no-script")));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/jobs/handlers",
            new JsonObject()
                .put("name", "bad-type")
                .put("script", "x")
                .put("script_type", "perl")));
    assertError(
        400,
        "validation_failed",
        api.post("/jobs/handlers", new JsonObject().put("name", "nul").put("script", "a\u0000b")));
    assertError(400, "validation_failed", api.get("/jobs/handlers/..%2Fx"));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM job_handlers WHERE name IN ('no-script', 'bad-type', 'nul', 'has space')"));
  }

  @Test
  void updatingTheScriptChangesItsHash() {
    JsonObject handler =
        assertStatus(
                201,
                api.post(
                    "/jobs/handlers",
                    new JsonObject().put("name", "renew").put("script", "echo 1")))
            .getJsonObject("handler");
    JsonObject updated =
        assertStatus(200, api.put("/jobs/handlers/renew", new JsonObject().put("script", "echo 2")))
            .getJsonObject("handler");
    assertNotEquals(handler.getString("script_sha256"), updated.getString("script_sha256"));
    assertEquals(HandlerScript.sha256("echo 2"), updated.getString("script_sha256"));
    updated =
        assertStatus(200, api.put("/jobs/handlers/renew", new JsonObject().put("is_active", false)))
            .getJsonObject("handler");
    assertEquals("echo 2", updated.getString("script"));
    assertEquals(false, updated.getBoolean("is_active"));
    assertEquals(1, assertStatus(200, api.get("/jobs/handlers?active=false")).getInteger("total"));
    assertError(400, "bad_request", api.put("/jobs/handlers/renew", new JsonObject()));
    assertError(
        404, "not_found", api.put("/jobs/handlers/nope", new JsonObject().put("script", "x")));
  }

  @Test
  void aHandlerInUseCannotBeDeleted() {
    JsonObject error = assertError(409, "conflict", api.delete("/jobs/handlers/download-file"));
    assertTrue(error.getString("message").contains("update-config"), error::encode);
    assertStatus(
        201,
        api.post("/jobs/handlers", new JsonObject().put("name", "scratch").put("script", "true")));
    assertStatus(204, api.delete("/jobs/handlers/scratch"));
    assertError(404, "not_found", api.delete("/jobs/handlers/scratch"));
    assertError(404, "not_found", api.get("/jobs/handlers/scratch"));
  }

  @Test
  void aTemplateMayUseAHandlerOnceItExists() {
    JsonObject template =
        new JsonObject()
            .put("name", "uses-later")
            .put(
                "job_document",
                new JsonObject()
                    .put("version", "1.0")
                    .put(
                        "steps",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("type", "runHandler")
                                    .put(
                                        "input",
                                        new JsonObject()
                                            .put("handler", "later")
                                            .put("args", new JsonArray().add("{{DIR}}"))))));
    assertError(400, "validation_failed", api.post("/jobs/templates", template));
    assertStatus(
        201,
        api.post(
            "/jobs/handlers", new JsonObject().put("name", "later").put("script", "ls \"$1\"")));
    assertStatus(201, api.post("/jobs/templates", template));
    assertError(409, "conflict", api.delete("/jobs/handlers/later"));
  }
}
