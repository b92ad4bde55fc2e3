package io.devicejobs.devices;

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
import java.util.UUID;

/** SQL for device groups. */
public final class GroupStore {
  private static final String SELECT =
      "SELECT g.name, g.description, g.created_at,"
          + " (SELECT count(*) FROM device_group_members m WHERE m.group_id = g.id) AS device_count"
          + " FROM device_groups g";

  private final Pool pool;

  public GroupStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<JsonObject>> list() {
    return pool.query(SELECT + " ORDER BY g.name")
        .execute()
        .map(rows -> Rows.map(rows, GroupStore::toJson));
  }

  public Future<Optional<JsonObject>> find(String name) {
    return find(pool, name);
  }

  private static Future<Optional<JsonObject>> find(SqlClient client, String name) {
    return client
        .preparedQuery(SELECT + " WHERE g.name = $1")
        .execute(Tuple.of(name))
        .map(rows -> Rows.first(rows).map(GroupStore::toJson));
  }

  /** Creates the group or updates its description (when given); tells which happened. */
  public Future<Upserted> upsert(String name, boolean descriptionGiven, String description) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO device_groups (name, description) VALUES ($1, $3)"
                        + " ON CONFLICT (name) DO UPDATE SET description ="
                        + "   CASE WHEN $2 THEN EXCLUDED.description ELSE device_groups.description END"
                        + " RETURNING (xmax = 0) AS inserted")
                .execute(Tuple.of(name, descriptionGiven, description))
                .compose(
                    rows -> {
                      boolean inserted = rows.iterator().next().getBoolean("inserted");
                      return find(conn, name)
                          .map(group -> new Upserted(group.orElseThrow(), inserted));
                    }));
  }

  public Future<Boolean> delete(String name) {
    return pool.preparedQuery("DELETE FROM device_groups WHERE name = $1")
        .execute(Tuple.of(name))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Adds live devices to the group, creating it when needed. Fails with {@link UnknownDevices} (and changes
   * nothing) when any uuid is not a live device.
   */
  public Future<Added> addDevices(String name, List<UUID> devices) {
    UUID[] uuids = devices.toArray(new UUID[0]);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "SELECT u FROM unnest($1::uuid[]) AS u WHERE NOT EXISTS"
                        + " (SELECT 1 FROM devices d WHERE d.uuid = u AND d.deleted_at IS NULL) LIMIT 20")
                .execute(Tuple.of((Object) uuids))
                .compose(
                    unknown -> {
                      if (unknown.size() > 0) {
                        List<String> names = new ArrayList<>();
                        unknown.forEach(r -> names.add(r.getUUID(0).toString()));
                        return Future.failedFuture(new UnknownDevices(names));
                      }
                      return createMissing(conn, new String[] {name});
                    })
                .compose(
                    ok ->
                        conn.preparedQuery(
                                "INSERT INTO device_group_members (group_id, device_uuid)"
                                    + " SELECT g.id, u FROM device_groups g, unnest($2::uuid[]) AS u WHERE g.name = $1"
                                    + " ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(name, (Object) uuids)))
                .compose(
                    inserted ->
                        find(conn, name)
                            .map(group -> new Added(group.orElseThrow(), inserted.rowCount()))));
  }

  public Future<Boolean> removeDevice(String name, UUID device) {
    return pool.preparedQuery(
            "DELETE FROM device_group_members m USING device_groups g"
                + " WHERE m.group_id = g.id AND g.name = $1 AND m.device_uuid = $2")
        .execute(Tuple.of(name, device))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Within a transaction: makes sure the named groups exist. */
  static Future<Void> createMissing(SqlClient conn, String[] names) {
    if (names.length == 0) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(
            "INSERT INTO device_groups (name) SELECT DISTINCT unnest($1::text[])"
                + " ON CONFLICT (name) DO NOTHING")
        .execute(Tuple.of((Object) names))
        .mapEmpty();
  }

  static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("device_count", r.getLong("device_count"))
        .put("created_at", Rows.timestamp(r, "created_at"));
  }

  /** The group after an upsert, and whether it was created. */
  public record Upserted(JsonObject group, boolean created) {}

  /** The group after adding devices, and how many memberships were new. */
  public record Added(JsonObject group, int added) {}

  /** Some uuids are not live devices. */
  public static final class UnknownDevices extends RuntimeException {
    private final List<String> uuids;

    UnknownDevices(List<String> uuids) {
      super("unknown devices: " + String.join(", ", uuids), null, false, false);
      this.uuids = uuids;
    }

    public List<String> uuids() {
      return uuids;
    }
  }
}
