package io.devicejobs.live;

import io.vertx.core.json.JsonObject;

/**
 * The NOTIFY payload that says "new job events were committed" ({@code {"t":"ev"}}), sent by the database's
 * triggers (db/migration/V5__job_events.sql). It carries nothing else: listeners read the events table.
 */
public final class EventHint {
  static final String TYPE = "ev";

  private EventHint() {}

  public static boolean isEventHint(JsonObject payload) {
    return TYPE.equals(payload.getString("t"));
  }
}
