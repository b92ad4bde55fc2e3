package io.devicejobs.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The one NOTIFY channel that every server instance listens on. Notices sent inside a transaction are
 * delivered when it commits; their payloads must stay under PostgreSQL's 8,000 bytes.
 */
public final class Notifications {
  /** Lower case, as LISTEN folds names. */
  public static final String CHANNEL = "devicejobs";

  private Notifications() {}

  public static Future<Void> send(SqlClient client, JsonObject notice) {
    return client
        .preparedQuery("SELECT pg_notify($1, $2)")
        .execute(Tuple.of(CHANNEL, notice.encode()))
        .mapEmpty();
  }
}
