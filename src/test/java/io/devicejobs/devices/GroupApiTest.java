package io.devicejobs.devices;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertInvalidAt;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GroupApiTest extends ServerTest {

  private String device(String name) {
    return assertStatus(201, api.post("/devices", new JsonObject().put("device_name", name)))
        .getJsonObject("device")
        .getString("uuid");
  }

  @Test
  void putCreatesThenUpdates() {
    JsonObject created =
        assertStatus(201, api.put("/groups/lab+1", new JsonObject().put("description", "the lab")));
    assertEquals("lab+1", created.getJsonObject("group").getString("name"));
    assertEquals("the lab", created.getJsonObject("group").getString("description"));
    JsonObject kept =
        assertStatus(200, api.put("/groups/lab+1", new JsonObject())).getJsonObject("group");
    assertEquals("the lab", kept.getString("description"));
    JsonObject cleared =
        assertStatus(200, api.put("/groups/lab+1", new JsonObject().putNull("description")))
            .getJsonObject("group");
    assertNull(cleared.getString("description"));
    assertStatus(200, api.get("/groups/lab%2B1"));
    assertError(400, "validation_failed", api.put("/groups/bad%20name", new JsonObject()));
  }

  @Test
  void addsAndRemovesMembers() {
    String a = device("member-a");
    String b = device("member-b");
    JsonObject result =
        assertStatus(
            200,
            api.post(
                "/groups/3.0/devices",
                new JsonObject().put("device_uuids", new JsonArray().add(a).add(b))));
    assertEquals(2, result.getInteger("added"));
    assertEquals(2, result.getJsonObject("group").getLong("device_count"));
    assertEquals(
        0,
        assertStatus(
                200,
                api.post(
                    "/groups/3.0/devices",
                    new JsonObject().put("device_uuids", new JsonArray().add(a))))
            .getInteger("added"));
    assertStatus(204, api.delete("/groups/3.0/devices/" + a));
    assertError(404, "not_found", api.delete("/groups/3.0/devices/" + a));
    assertEquals(
        1,
        assertStatus(200, api.get("/groups/3.0")).getJsonObject("group").getLong("device_count"));
    JsonObject listing = assertStatus(200, api.get("/groups"));
    assertTrue(
        listing.getJsonArray("groups").stream()
            .anyMatch(g -> ((JsonObject) g).getString("name").equals("3.0")));
  }

  @Test
  void unknownDevicesAreNamedAndNothingIsAdded() {
    String known = device("known");
    String unknown = UUID.randomUUID().toString();
    JsonObject error =
        assertInvalidAt(
            "/device_uuids",
            api.post(
                "/groups/strict/devices",
                new JsonObject().put("device_uuids", new JsonArray().add(known).add(unknown))));
    assertTrue(error.getString("message").contains(unknown));
    assertError(404, "not_found", api.get("/groups/strict"));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM device_group_members m JOIN devices d ON d.uuid = m.device_uuid"
                + " WHERE d.device_name = 'known'"));
    assertError(
        400,
        "validation_failed",
        api.post("/groups/strict/devices", new JsonObject().put("device_uuids", new JsonArray())));
    assertError(
        400,
        "validation_failed",
        api.post(
            "/groups/strict/devices",
            new JsonObject().put("device_uuids", new JsonArray().add("nope"))));
  }

  @Test
  void deleteRemovesTheGroupButNotItsDevices() {
    String member = device("survivor");
    assertStatus(
        200,
        api.post(
            "/groups/temporary/devices",
            new JsonObject().put("device_uuids", new JsonArray().add(member))));
    assertStatus(204, api.delete("/groups/temporary"));
    assertError(404, "not_found", api.delete("/groups/temporary"));
    assertError(404, "not_found", api.get("/groups/temporary"));
    assertEquals(
        new JsonArray(),
        assertStatus(200, api.get("/devices/" + member))
            .getJsonObject("device")
            .getJsonArray("groups"));
  }
}
