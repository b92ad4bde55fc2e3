package io.devicejobs.jobs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The NOTIFY payload that tells every instance which devices got new work (or were deleted), small enough for
 * NOTIFY's 8000-byte limit: up to {@link #MAX_LISTED} uuids, otherwise "everyone".
 */
public final class WorkNotice {
  public static final int MAX_LISTED = 100;
  static final String TYPE = "work";

  private WorkNotice() {}

  public static JsonObject forDevices(Collection<UUID> devices) {
    JsonArray list = new JsonArray();
    devices.forEach(d -> list.add(d.toString()));
    return new JsonObject().put("t", TYPE).put("d", list);
  }

  public static JsonObject forEveryone() {
    return new JsonObject().put("t", TYPE).put("all", true);
  }

  public static boolean isWorkNotice(JsonObject payload) {
    return TYPE.equals(payload.getString("t"));
  }

  /** The devices named, or null when the notice concerns every device. */
  public static List<UUID> devices(JsonObject payload) {
    if (payload.getBoolean("all", false)) {
      return null;
    }
    List<UUID> out = new ArrayList<>();
    for (Object d : payload.getJsonArray("d", new JsonArray())) {
      out.add(UUID.fromString((String) d));
    }
    return out;
  }
}
