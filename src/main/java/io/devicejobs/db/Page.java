package io.devicejobs.db;

import io.vertx.core.json.JsonObject;

/** One page of a listing: {@code limit} rows after skipping {@code offset}. */
public record Page(int limit, int offset) {
  public static final int DEFAULT_LIMIT = 100;

  public JsonObject describe(JsonObject into) {
    return into.put("limit", limit).put("offset", offset);
  }
}
