package io.devicejobs.faults;

import static io.devicejobs.testing.ApiAssertions.assertStatus;

import io.devicejobs.testing.ApiClient;
import io.vertx.core.json.JsonObject;

/** A device registered through the API, with the token it got. */
record RegisteredDevice(String uuid, String token) {
  static RegisteredDevice register(ApiClient admin, String name) {
    JsonObject registered =
        assertStatus(201, admin.post("/devices", new JsonObject().put("device_name", name)));
    return new RegisteredDevice(
        registered.getJsonObject("device").getString("uuid"), registered.getString("device_token"));
  }
}
