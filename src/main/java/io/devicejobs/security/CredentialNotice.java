package io.devicejobs.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The NOTIFY payload telling every instance to forget credentials (revoked keys, rotated or deleted devices). */
public final class CredentialNotice {
  static final String TYPE = "cred";

  private CredentialNotice() {}

  public static JsonObject forKey(String keyId) {
    return new JsonObject().put("t", TYPE).put("k", new JsonArray().add(keyId));
  }

  public static JsonObject forDevice(UUID device) {
    return new JsonObject().put("t", TYPE).put("d", new JsonArray().add(device.toString()));
  }

  public static boolean isCredentialNotice(JsonObject payload) {
    return TYPE.equals(payload.getString("t"));
  }

  /** Applies a notice to the cache. */
  public static void apply(JsonObject payload, CredentialCache cache) {
    List<String> keys = new ArrayList<>();
    payload.getJsonArray("k", new JsonArray()).forEach(k -> keys.add((String) k));
    List<UUID> devices = new ArrayList<>();
    payload
        .getJsonArray("d", new JsonArray())
        .forEach(d -> devices.add(UUID.fromString((String) d)));
    if (!keys.isEmpty()) {
      cache.forgetKeyIds(keys);
    }
    if (!devices.isEmpty()) {
      cache.forgetDevices(devices);
    }
  }
}
