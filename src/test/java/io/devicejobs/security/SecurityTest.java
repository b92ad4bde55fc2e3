package io.devicejobs.security;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.ServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SecurityTest extends ServerTest {

  private String key(String role) {
    return assertStatus(
            201,
            api.post("/auth/keys", new JsonObject().put("name", role + " key").put("role", role)))
        .getString("api_key");
  }

  @Test
  void aDeviceSeesOnlyItsOwnJobsAndEveryOtherUuidLooksNonexistent() {
    List<String> devices = fleet.register("isolated", 2);
    String a = devices.get(0);
    String b = devices.get(1);
    String job = fleet.executeOn(List.of(b)).getString("job_id");
    ApiClient asA = fleet.as(a);
    String missing = UUID.randomUUID().toString();
    for (String[] call :
        List.of(
            new String[] {"GET", "/devices/%s/jobs/next", null},
            new String[] {
              "PATCH", "/devices/%s/jobs/" + job + "/status", "{\"status\":\"SUCCEEDED\"}"
            },
            new String[] {"GET", "/devices/%s/jobs", null},
            new String[] {"GET", "/devices/%s/handlers/download-file", null})) {
      ApiClient.Response asOther =
          asA.send(call[0], String.format(call[1], b), call[2], "application/json");
      ApiClient.Response asNobody =
          asA.send(call[0], String.format(call[1], missing), call[2], "application/json");
      assertEquals(404, asOther.status(), () -> call[1] + " " + asOther);
      assertEquals(asNobody.json().getString("error"), asOther.json().getString("error"));
      assertEquals(
          asNobody.json().getString("message").replace(missing, b),
          asOther.json().getString("message"),
          "the same answer as for a device that does not exist");
    }
    assertEquals(
        "QUEUED", fleet.job(job).getString("status"), "nothing happened to device B's job");
    assertEquals(job, assertStatus(200, fleet.poll(b)).getString("job_id"));
    assertError(403, "forbidden", asA.get("/devices"));
    assertError(
        401, "unauthorized", api.as("djd_made-up-token").get("/devices/" + a + "/jobs/next"));
    assertError(403, "forbidden", api.get("/devices/" + a + "/jobs/next"));
  }

  @Test
  void aProvisioningKeyRegistersDevicesUntilItIsUsedUpExpiredOrRevoked() {
    assertStatus(201, api.put("/groups/provisioned", new JsonObject()));
    JsonObject created =
        assertStatus(
            201,
            api.post(
                "/auth/provisioning-keys",
                new JsonObject()
                    .put("name", "factory")
                    .put("max_uses", 1)
                    .put("groups", new JsonArray().add("provisioned"))));
    String provisioningKey = created.getString("key");
    assertTrue(provisioningKey.startsWith("djp_"));
    ApiClient factory = api.as(provisioningKey);
    JsonObject device =
        assertStatus(
            201, factory.post("/devices/provision", new JsonObject().put("device_name", "fresh")));
    String uuid = device.getJsonObject("device").getString("uuid");
    assertEquals(
        new JsonArray().add("provisioned"), device.getJsonObject("device").getJsonArray("groups"));
    ApiClient asDevice = api.as(device.getString("device_token"));
    assertEquals(204, asDevice.get("/devices/" + uuid + "/jobs/next").status());
    assertEquals("device", assertStatus(200, asDevice.get("/auth/me")).getString("kind"));

    assertError(
        401,
        "unauthorized",
        factory.post("/devices/provision", new JsonObject().put("device_name", "one too many")));
    String expired =
        assertStatus(
                201,
                api.post(
                    "/auth/provisioning-keys",
                    new JsonObject().put("name", "old").put("expires_at", "2020-01-01T00:00:00Z")))
            .getString("key");
    assertError(
        401,
        "unauthorized",
        api.as(expired).post("/devices/provision", new JsonObject().put("device_name", "late")));
    JsonObject revocable =
        assertStatus(
            201, api.post("/auth/provisioning-keys", new JsonObject().put("name", "revoked")));
    assertStatus(
        204,
        api.delete(
            "/auth/provisioning-keys/"
                + revocable.getJsonObject("provisioning_key").getString("id")));
    assertError(
        401,
        "unauthorized",
        api.as(revocable.getString("key"))
            .post("/devices/provision", new JsonObject().put("device_name", "nope")));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM devices WHERE device_name IN ('one too many', 'late', 'nope')"));
    String listing = api.get("/auth/provisioning-keys").text();
    assertFalse(listing.contains(provisioningKey), "keys are never shown again");
  }

  @Test
  void rolesLimitOperatorsAndRevokedKeysStopAtOnce() {
    ApiClient viewer = api.as(key("viewer"));
    ApiClient operator = api.as(key("operator"));
    assertStatus(200, viewer.get("/jobs/templates"));
    assertEquals("viewer", assertStatus(200, viewer.get("/auth/me")).getString("role"));
    assertError(
        403, "forbidden", viewer.post("/jobs/templates", new JsonObject().put("name", "x")));
    String device = fleet.register("roles", 1).get(0);
    JsonObject inline =
        new JsonObject()
            .put("job_name", "inline")
            .put("job_document", Fleet.document("id"))
            .put("target_type", "device")
            .put("target_devices", new JsonArray().add(device));
    assertError(403, "forbidden", operator.post("/jobs/execute", inline));
    assertStatus(
        201,
        operator.post(
            "/jobs/execute",
            new JsonObject()
                .put("job_name", "from template")
                .put("template_id", 3)
                .put("parameters", new JsonObject().put("SERVICE_NAME", "ssh"))
                .put("target_type", "device")
                .put("target_devices", new JsonArray().add(device))));

    JsonObject keys = assertStatus(200, api.get("/auth/keys"));
    String viewerId =
        keys.getJsonArray("keys").stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("name").equals("viewer key"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertStatus(204, api.delete("/auth/keys/" + viewerId));
    assertError(401, "unauthorized", viewer.get("/jobs/templates"));
    assertError(404, "not_found", api.delete("/auth/keys/" + viewerId));
  }

  @Test
  void aRotatedTokenStopsWorkingEverywhere() {
    String device = fleet.register("rotating", 1).get(0);
    ApiClient old = fleet.as(device);
    assertEquals(204, old.get("/devices/" + device + "/jobs/next").status());
    try (TestServer other = TestServer.startOn(server.database(), Map.of())) {
      ApiClient oldElsewhere = other.client().as(fleet.token(device));
      assertEquals(204, oldElsewhere.get("/devices/" + device + "/jobs/next").status());
      String fresh =
          assertStatus(200, api.post("/devices/" + device + "/token", new JsonObject()))
              .getString("device_token");
      assertError(401, "unauthorized", old.get("/devices/" + device + "/jobs/next"));
      // The notification reaches the other instance at some point; the limit only ends a hang.
      long deadline = System.currentTimeMillis() + 10_000;
      while (oldElsewhere.get("/devices/" + device + "/jobs/next").status() != 401) {
        assertTrue(
            System.currentTimeMillis() < deadline,
            "the other instance still accepts the old token after 10 s");
      }
      assertEquals(204, api.as(fresh).get("/devices/" + device + "/jobs/next").status());
    }
  }

  @Test
  void changesAreAuditedWithoutSecrets() {
    String created =
        assertStatus(
                201,
                api.post(
                    "/auth/keys", new JsonObject().put("name", "audited").put("role", "viewer")))
            .getString("api_key");
    long template =
        assertStatus(
                201,
                api.post(
                    "/jobs/templates",
                    new JsonObject()
                        .put("name", "audited-template")
                        .put("job_document", Fleet.document("true"))))
            .getJsonObject("template")
            .getLong("id");
    // Entries are written once the change has been answered, so they may land just after the
    // answer.
    Await.until(
        "both changes are audited",
        () ->
            api.get("/audit?action=createTemplate").json().getLong("total") == 1
                && api.get("/audit?action=createApiKey").json().getLong("total") == 1);
    JsonObject log = assertStatus(200, api.get("/audit?action=createTemplate"));
    JsonObject entry = log.getJsonArray("entries").getJsonObject(0);
    assertEquals("createTemplate", entry.getString("action"));
    assertEquals(String.valueOf(template), entry.getString("resource_id"));
    assertEquals("jobs/templates", entry.getString("resource_type"));
    assertTrue(entry.getString("actor").startsWith("key:"));
    assertEquals("admin", entry.getString("actor_role"));
    assertNotNull(entry.getString("source_address"));
    assertEquals(1, assertStatus(200, api.get("/audit?action=createApiKey")).getLong("total"));
    String everything = api.get("/audit?limit=1000").text();
    assertFalse(
        everything.contains(created) || everything.contains(TestServer.ADMIN_KEY),
        "no secret in the audit log");
    assertError(403, "forbidden", api.as(created).get("/audit"));
  }

  @Test
  void rateLimitsAnswer429WithRetryAfterAndRecover() {
    try (TestServer limited =
        TestServer.startOn(
            server.database(),
            Map.of(
                "DEVICE_RATE_PER_SECOND",
                "1",
                "DEVICE_RATE_BURST",
                "2",
                "AUTH_FAILURES_PER_SECOND",
                "1",
                "AUTH_FAILURE_BURST",
                "3"))) {
      String device = fleet.register("limited", 1).get(0);
      ApiClient asDevice = limited.client().as(fleet.token(device));
      String poll = "/devices/" + device + "/jobs/next";
      assertEquals(
          204,
          asDevice.get(poll).status(),
          "the device's token is now known good on this instance");

      ApiClient guesser = limited.client().as("djk_guess-" + UUID.randomUUID());
      for (int i = 0; i < 3; i++) {
        assertError(401, "unauthorized", guesser.get("/jobs/templates"));
      }
      // Tokens come back at one a second; a slow machine may earn one back, so ask until refused.
      assertError(
          429,
          "rate_limited",
          firstRefusal(
              () -> limited.client().as("djk_guess-" + UUID.randomUUID()).get("/jobs/templates")));
      // A device behind the same address with a good token is not throttled by the guessing.
      assertEquals(204, asDevice.get(poll).status());

      ApiClient.Response limitedAnswer = firstRefusal(() -> asDevice.get(poll));
      assertError(429, "rate_limited", limitedAnswer);
      assertEquals("1", limitedAnswer.header("Retry-After"));
      // The bucket refills after a second; the limit only ends a hang on a loaded machine.
      long deadline = System.currentTimeMillis() + 10_000;
      while (asDevice.get(poll).status() == 429) {
        assertTrue(System.currentTimeMillis() < deadline, "no recovery");
      }
    }
  }

  @Test
  void unauthenticatedCallsGetAChallengeAndPublicEndpointsStayOpen() {
    ApiClient nobody = api.anonymous();
    ApiClient.Response refused = nobody.get("/jobs/templates");
    assertError(401, "unauthorized", refused);
    assertEquals("Bearer realm=\"device-jobs\"", refused.header("WWW-Authenticate"));
    assertError(401, "unauthorized", nobody.as("not-even-a-key").get("/devices"));
    assertEquals(200, nobody.get("/health/live").status());
    assertEquals(200, nobody.get("/health/ready").status());
    assertEquals(200, nobody.get("/openapi.yaml").status());
    assertEquals(200, nobody.get("/metrics").status());
    assertEquals("nosniff", nobody.get("/health/live").header("X-Content-Type-Options"));
  }

  @Test
  void corsIsOffUnlessOriginsAreConfigured() {
    String origin = "https://portal.example";
    ApiClient.Response closed =
        api.send(
            "OPTIONS",
            "/jobs/templates",
            null,
            null,
            "Origin",
            origin,
            "Access-Control-Request-Method",
            "GET");
    assertEquals(null, closed.header("Access-Control-Allow-Origin"));
    try (TestServer open = TestServer.startOn(server.database(), Map.of("CORS_ORIGINS", origin))) {
      ApiClient.Response preflight =
          open.client()
              .anonymous()
              .send(
                  "OPTIONS",
                  "/jobs/templates",
                  null,
                  null,
                  "Origin",
                  origin,
                  "Access-Control-Request-Method",
                  "GET",
                  "Access-Control-Request-Headers",
                  "authorization");
      assertEquals(origin, preflight.header("Access-Control-Allow-Origin"));
      ApiClient.Response stranger =
          open.client()
              .anonymous()
              .send(
                  "OPTIONS",
                  "/jobs/templates",
                  null,
                  null,
                  "Origin",
                  "https://evil.example",
                  "Access-Control-Request-Method",
                  "GET");
      assertEquals(null, stranger.header("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void metricsCanRequireAToken() {
    try (TestServer guarded =
        TestServer.startOn(server.database(), Map.of("METRICS_TOKEN", "scrape-secret"))) {
      ApiClient nobody = guarded.client().anonymous();
      assertError(401, "unauthorized", nobody.get("/metrics"));
      assertEquals(200, nobody.as("scrape-secret").get("/metrics").status());
    }
  }

  /** The first 429, asking at most 20 times: far more than the tokens a loaded machine earns back meanwhile. */
  private static ApiClient.Response firstRefusal(Supplier<ApiClient.Response> request) {
    ApiClient.Response answer = request.get();
    for (int i = 1; i < 20 && answer.status() != 429; i++) {
      answer = request.get();
    }
    return answer;
  }
}
