package io.devicejobs.devices;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeviceApiTest extends ServerTest {

  private JsonObject register(JsonObject body) {
    return assertStatus(201, api.post("/devices", body)).getJsonObject("device");
  }

  private List<String> names(ApiClient.Response listing) {
    return assertStatus(200, listing).getJsonArray("devices").stream()
        .map(d -> ((JsonObject) d).getString("device_name"))
        .toList();
  }

  @Test
  void registersADeviceWithOrWithoutAUuid() {
    String uuid = UUID.randomUUID().toString();
    JsonObject device =
        register(
            new JsonObject()
                .put("uuid", uuid)
                .put("device_name", "pi-kitchen")
                .put("device_type", "raspberrypi4")
                .put("groups", new JsonArray().add("kitchen").add("3.0")));
    assertEquals(uuid, device.getString("uuid"));
    assertEquals(new JsonArray(List.of("3.0", "kitchen")), device.getJsonArray("groups"));
    assertTrue(device.getBoolean("is_active"));
    assertFalse(device.getBoolean("is_online"));
    assertNull(device.getString("last_seen_at"));

    JsonObject generated = register(new JsonObject().put("device_name", "no-uuid-given"));
    assertNotNull(UUID.fromString(generated.getString("uuid")));
    assertEquals(device, assertStatus(200, api.get("/devices/" + uuid)).getJsonObject("device"));
  }

  @Test
  void refusesBadRegistrations() {
    String uuid = register(new JsonObject().put("device_name", "taken")).getString("uuid");
    long before = server.count("SELECT count(*) FROM devices");
    assertError(
        409,
        "conflict",
        api.post("/devices", new JsonObject().put("uuid", uuid).put("device_name", "again")));
    assertError(
        400,
        "validation_failed",
        api.post("/devices", new JsonObject().put("uuid", "not-a-uuid").put("device_name", "x")));
    assertError(
        400, "validation_failed", api.post("/devices", new JsonObject().put("device_type", "pi")));
    assertError(
        400, "validation_failed", api.post("/devices", new JsonObject().put("device_name", 42)));
    assertError(
        400,
        "validation_failed",
        api.post("/devices", new JsonObject().put("device_name", "x").put("groups", "kitchen")));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/devices",
            new JsonObject()
                .put("device_name", "x")
                .put("groups", new JsonArray().add("bad group name"))));
    assertError(
        400, "validation_failed", api.post("/devices", new JsonObject().put("device_name", " ")));
    assertEquals(before, server.count("SELECT count(*) FROM devices"));
  }

  @Test
  void getAnswersBadRequestForABadUuidAndNotFoundForAnUnknownOne() {
    assertError(400, "validation_failed", api.get("/devices/not-a-uuid"));
    assertError(400, "validation_failed", api.get("/devices/1-1-1-1-1"));
    assertError(404, "not_found", api.get("/devices/" + UUID.randomUUID()));
  }

  @Test
  void searchIsLiteralAndCaseInsensitive() {
    register(new JsonObject().put("device_name", "100% ready"));
    register(new JsonObject().put("device_name", "1000 units"));
    register(new JsonObject().put("device_name", "under_score"));
    register(new JsonObject().put("device_name", "underXscore"));
    register(new JsonObject().put("device_name", "Plus+Sign"));
    assertEquals(List.of("100% ready"), names(api.get("/devices?search=100%25")));
    assertEquals(List.of("under_score"), names(api.get("/devices?search=under_")));
    assertEquals(List.of("Plus+Sign"), names(api.get("/devices?search=plus%2Bsign")));
    assertEquals(List.of("1000 units"), names(api.get("/devices?search=1000%20UNITS")));
    JsonObject byUuid = register(new JsonObject().put("device_name", "find-me-by-uuid"));
    String prefix = byUuid.getString("uuid").substring(0, 13).toUpperCase();
    assertEquals(List.of("find-me-by-uuid"), names(api.get("/devices?search=" + prefix)));
  }

  @Test
  void filtersByGroupWithNamesThatLookLikeNumbersOrHoldAPlus() {
    register(
        new JsonObject().put("device_name", "in-three").put("groups", new JsonArray().add("3.5")));
    register(
        new JsonObject()
            .put("device_name", "in-plus")
            .put("groups", new JsonArray().add("ops+lab")));
    register(new JsonObject().put("device_name", "in-none"));
    assertEquals(List.of("in-three"), names(api.get("/devices?group=3.5")));
    assertEquals(List.of("in-plus"), names(api.get("/devices?group=ops%2Blab")));
    assertEquals(List.of(), names(api.get("/devices?group=-1")));
    JsonObject page = assertStatus(200, api.get("/devices?group=3.5"));
    assertEquals(1, page.getLong("total"));
  }

  @Test
  void totalIsTheRealTotalAndPagesAreStable() {
    for (int i = 0; i < 5; i++) {
      register(
          new JsonObject()
              .put("device_name", "page-" + i)
              .put("groups", new JsonArray().add("paging")));
    }
    JsonObject page = assertStatus(200, api.get("/devices?group=paging&limit=2&offset=2"));
    assertEquals(5, page.getLong("total"));
    assertEquals(5, page.getLong("count"), "the deprecated count says the same for old clients");
    assertEquals(
        List.of("page-2", "page-3"), names(api.get("/devices?group=paging&limit=2&offset=2")));
    assertEquals(List.of(), names(api.get("/devices?group=paging&offset=10")));
    assertError(400, "validation_failed", api.get("/devices?limit=5000"));
    assertError(400, "validation_failed", api.get("/devices?offset=-1"));
  }

  @Test
  void onlineDerivesFromLastSeen() {
    String seen =
        register(
                new JsonObject()
                    .put("device_name", "seen-now")
                    .put("groups", new JsonArray().add("presence")))
            .getString("uuid");
    String stale =
        register(
                new JsonObject()
                    .put("device_name", "seen-long-ago")
                    .put("groups", new JsonArray().add("presence")))
            .getString("uuid");
    server.count("UPDATE devices SET last_seen_at = now() WHERE uuid = '" + seen + "' RETURNING 1");
    server.count(
        "UPDATE devices SET last_seen_at = now() - interval '1 hour' WHERE uuid = '"
            + stale
            + "' RETURNING 1");
    assertEquals(List.of("seen-now"), names(api.get("/devices?group=presence&online=true")));
    assertEquals(List.of("seen-long-ago"), names(api.get("/devices?group=presence&online=false")));
    assertTrue(
        assertStatus(200, api.get("/devices/" + seen))
            .getJsonObject("device")
            .getBoolean("is_online"));
  }

  @Test
  void patchChangesOnlyWhatIsGivenAndReplacesGroups() {
    String uuid =
        register(
                new JsonObject()
                    .put("device_name", "patch-me")
                    .put("device_type", "pi3")
                    .put("groups", new JsonArray().add("a").add("b")))
            .getString("uuid");
    JsonObject device =
        assertStatus(
                200, api.patch("/devices/" + uuid, new JsonObject().put("device_name", "patched")))
            .getJsonObject("device");
    assertEquals("patched", device.getString("device_name"));
    assertEquals("pi3", device.getString("device_type"));
    assertEquals(new JsonArray(List.of("a", "b")), device.getJsonArray("groups"));
    device =
        assertStatus(
                200,
                api.patch(
                    "/devices/" + uuid,
                    new JsonObject()
                        .put("groups", new JsonArray().add("b").add("c"))
                        .putNull("device_type")
                        .put("is_active", false)))
            .getJsonObject("device");
    assertEquals(new JsonArray(List.of("b", "c")), device.getJsonArray("groups"));
    assertNull(device.getString("device_type"));
    assertFalse(device.getBoolean("is_active"));
    assertError(400, "bad_request", api.patch("/devices/" + uuid, new JsonObject()));
    assertError(
        404,
        "not_found",
        api.patch("/devices/" + UUID.randomUUID(), new JsonObject().put("device_name", "x")));
  }

  @Test
  void deletingKeepsHistoryAndRemovesPendingExecutions() {
    String uuid =
        register(
                new JsonObject()
                    .put("device_name", "to-delete")
                    .put("groups", new JsonArray().add("doomed")))
            .getString("uuid");
    String job = UUID.randomUUID().toString();
    String done = UUID.randomUUID().toString();
    for (String id : List.of(job, done)) {
      server.count(
          "INSERT INTO job_executions (job_id, job_name, job_document, target_type, timeout_seconds, total_devices)"
              + " VALUES ('"
              + id
              + "', 'j', '{\"version\": \"1.0\", \"steps\": []}', 'device', 60, 1) RETURNING 1");
    }
    server.count(
        "INSERT INTO device_job_status (job_id, device_uuid) VALUES ('"
            + job
            + "', '"
            + uuid
            + "') RETURNING 1");
    server.count(
        "INSERT INTO device_job_status (job_id, device_uuid, status, finished_at) VALUES ('"
            + done
            + "', '"
            + uuid
            + "', 'SUCCEEDED', now()) RETURNING 1");

    assertStatus(204, api.delete("/devices/" + uuid));
    assertError(404, "not_found", api.get("/devices/" + uuid));
    assertError(404, "not_found", api.delete("/devices/" + uuid));
    assertFalse(names(api.get("/devices?search=to-delete")).contains("to-delete"));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM device_job_status WHERE job_id = '"
                + job
                + "' AND status = 'REMOVED' AND version_number = 2"));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM device_job_status WHERE job_id = '"
                + done
                + "' AND status = 'SUCCEEDED'"));
    assertEquals(
        0,
        assertStatus(200, api.get("/groups/doomed"))
            .getJsonObject("group")
            .getLong("device_count"));

    JsonObject again = register(new JsonObject().put("uuid", uuid).put("device_name", "reborn"));
    assertEquals("reborn", again.getString("device_name"));
    assertEquals(new JsonArray(), again.getJsonArray("groups"));
  }
}
