package io.devicejobs.handlers;

import io.devicejobs.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** SQL for the handler library. */
public final class HandlerStore {
  private static final String COLUMNS =
      "name, description, script_type, script, script_sha256, is_active, created_at, updated_at";

  private final Pool pool;

  public HandlerStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<JsonObject>> list(Boolean active) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM job_handlers"
            + (active == null ? "" : " WHERE is_active = $1")
            + " ORDER BY name";
    Tuple args = active == null ? Tuple.tuple() : Tuple.of(active);
    return pool.preparedQuery(sql).execute(args).map(rows -> Rows.map(rows, HandlerStore::toJson));
  }

  public Future<Optional<JsonObject>> find(String name) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM job_handlers WHERE name = $1")
        .execute(Tuple.of(name))
        .map(rows -> Rows.first(rows).map(HandlerStore::toJson));
  }

  /** What a device asked to download: whether the device exists, and the handler if it exists and is active. */
  public record DeviceDownload(boolean deviceKnown, Optional<JsonObject> handler) {}

  /** A handler as devices download it ({@code name, script_type, script, script_sha256}); only active ones. */
  public Future<DeviceDownload> findForDevice(UUID device, String name) {
    return pool.preparedQuery(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE uuid = $1 AND deleted_at IS NULL) AS known,"
                + " h.name, h.script_type, h.script, h.script_sha256"
                + " FROM (SELECT 1) AS one LEFT JOIN job_handlers h ON h.name = $2 AND h.is_active")
        .execute(Tuple.of(device, name))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              Optional<JsonObject> handler =
                  r.getString("name") == null
                      ? Optional.empty()
                      : Optional.of(
                          new JsonObject()
                              .put("name", r.getString("name"))
                              .put("script_type", r.getString("script_type"))
                              .put("script", r.getString("script"))
                              .put("script_sha256", r.getString("script_sha256")));
              return new DeviceDownload(r.getBoolean("known"), handler);
            });
  }

  /** Empty when the name is taken. */
  public Future<Optional<JsonObject>> insert(HandlerScript h) {
    return pool.preparedQuery(
            "INSERT INTO job_handlers (name, description, script_type, script, script_sha256, is_active)"
                + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                h.name(), h.description(), h.scriptType(), h.script(), h.sha256(), h.isActive()))
        .map(rows -> Rows.first(rows).map(HandlerStore::toJson));
  }

  /** Applies only the fields present in the change, in one statement (no read-modify-write). */
  public Future<Optional<JsonObject>> update(String name, HandlerChange change) {
    return pool.preparedQuery(
            "UPDATE job_handlers SET"
                + " description = CASE WHEN $2 THEN $3 ELSE description END,"
                + " script_type = COALESCE($4, script_type),"
                + " script = COALESCE($5, script),"
                + " script_sha256 = COALESCE($6, script_sha256),"
                + " is_active = COALESCE($7, is_active),"
                + " updated_at = now()"
                + " WHERE name = $1 RETURNING "
                + COLUMNS)
        .execute(
            Tuple.of(
                name,
                change.descriptionGiven(),
                change.description(),
                change.scriptType(),
                change.script(),
                change.sha256(),
                change.isActive()))
        .map(rows -> Rows.first(rows).map(HandlerStore::toJson));
  }

  /**
   * Deletes a handler unless a template uses it. The row lock makes a concurrent template save that references
   * the handler either finish first (and be seen here) or wait and then find the handler gone.
   */
  public Future<DeleteOutcome> delete(String name) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("SELECT name FROM job_handlers WHERE name = $1 FOR UPDATE")
                .execute(Tuple.of(name))
                .compose(
                    found -> {
                      if (found.size() == 0) {
                        return Future.succeededFuture(DeleteOutcome.notFound());
                      }
                      return conn.preparedQuery(
                              "SELECT name FROM job_templates WHERE handler_names @> ARRAY[$1]::text[] ORDER BY name LIMIT 20")
                          .execute(Tuple.of(name))
                          .compose(
                              users -> {
                                if (users.size() > 0) {
                                  List<String> names = new ArrayList<>();
                                  users.forEach(r -> names.add(r.getString(0)));
                                  return Future.succeededFuture(DeleteOutcome.inUse(names));
                                }
                                return conn.preparedQuery(
                                        "DELETE FROM job_handlers WHERE name = $1")
                                    .execute(Tuple.of(name))
                                    .map(DeleteOutcome.deleted());
                              });
                    }));
  }

  /**
   * Within a transaction: locks the named handlers against deletion until commit and returns the names
   * that do not exist.
   */
  public static Future<Set<String>> lockAndFindMissing(SqlClient conn, Set<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return conn.preparedQuery("SELECT name FROM job_handlers WHERE name = ANY($1) FOR SHARE")
        .execute(Tuple.of((Object) names.toArray(new String[0])))
        .map(
            rows -> {
              Set<String> missing = new TreeSet<>(names);
              rows.forEach(r -> missing.remove(r.getString(0)));
              return missing;
            });
  }

  static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("script_type", r.getString("script_type"))
        .put("script", r.getString("script"))
        .put("script_sha256", r.getString("script_sha256"))
        .put("is_active", r.getBoolean("is_active"))
        .put("created_at", Rows.timestamp(r, "created_at"))
        .put("updated_at", Rows.timestamp(r, "updated_at"));
  }

  /** What a delete did. */
  public record DeleteOutcome(boolean found, List<String> usedBy) {
    static DeleteOutcome notFound() {
      return new DeleteOutcome(false, List.of());
    }

    static DeleteOutcome inUse(List<String> templates) {
      return new DeleteOutcome(true, templates);
    }

    static DeleteOutcome deleted() {
      return new DeleteOutcome(true, List.of());
    }
  }
}
