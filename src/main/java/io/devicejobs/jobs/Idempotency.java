package io.devicejobs.jobs;

import io.devicejobs.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Idempotency-Key handling inside the creating transaction: the key row is inserted first, so a concurrent
 * request with the same key waits on it and then replays the committed answer; a failed request rolls the key
 * back with everything else, so it can be retried.
 */
public final class Idempotency {
  private Idempotency() {}

  /** A key and a fingerprint of the request it came with; null key means "not idempotent". */
  public record Request(String scope, String key, String requestHash) {
    public boolean present() {
      return key != null;
    }
  }

  /** The stored answer of the first request with this key. */
  public record Replay(int status, JsonObject body) {}

  /** Null when this request owns the key (or has none); the stored answer when it is a retry. */
  static Future<Replay> claim(SqlConnection conn, Request request) {
    if (request == null || !request.present()) {
      return Future.succeededFuture(null);
    }
    return conn.preparedQuery(
            "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response)"
                + " VALUES ($1, $2, $3, 0, '{}') ON CONFLICT (scope, key) DO NOTHING")
        .execute(Tuple.of(request.scope(), request.key(), request.requestHash()))
        .compose(
            inserted -> {
              if (inserted.rowCount() == 1) {
                return Future.succeededFuture(null);
              }
              return conn.preparedQuery(
                      "SELECT request_hash, status_code, response FROM idempotency_keys"
                          + " WHERE scope = $1 AND key = $2")
                  .execute(Tuple.of(request.scope(), request.key()))
                  .map(
                      rows -> {
                        var row = rows.iterator().next();
                        if (!row.getString("request_hash").equals(request.requestHash())) {
                          throw ApiError.conflict(
                              "Idempotency-Key "
                                  + request.key()
                                  + " was already used with a different request body");
                        }
                        return new Replay(
                            row.getInteger("status_code"), row.getJsonObject("response"));
                      });
            });
  }

  static Future<Void> remember(SqlConnection conn, Request request, int status, JsonObject body) {
    if (request == null || !request.present()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(
            "UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2")
        .execute(Tuple.of(request.scope(), request.key(), status, body))
        .mapEmpty();
  }
}
