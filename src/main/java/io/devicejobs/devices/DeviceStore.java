package io.devicejobs.devices;

import io.devicejobs.db.Notifications;
import io.devicejobs.db.Page;
import io.devicejobs.db.Paged;
import io.devicejobs.db.Rows;
import io.devicejobs.db.Where;
import io.devicejobs.jobs.WorkNotice;
import io.devicejobs.security.CredentialNotice;
import io.devicejobs.security.CredentialStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for devices and their group memberships. Deleted devices keep their row (and history) but are hidden. */
public final class DeviceStore {
  private final Pool pool;

  /** SQL that is true when the device was seen within the online window (a configured number, not input). */
  private final String isOnline;

  private final String select;

  public DeviceStore(Pool pool, Duration onlineWindow) {
    this.pool = pool;
    this.isOnline =
        "COALESCE(d.last_seen_at >= now() - interval '"
            + onlineWindow.toMillis()
            + " milliseconds', false)";
    this.select =
        "SELECT d.uuid, d.device_name, d.device_type, d.is_active, d.last_seen_at,"
            + " d.created_at, d.updated_at, "
            + isOnline
            + " AS is_online,"
            + " COALESCE((SELECT array_agg(g.name ORDER BY g.name) FROM device_group_members m"
            + "   JOIN device_groups g ON g.id = m.group_id WHERE m.device_uuid = d.uuid), '{}') AS groups"
            + " FROM devices d";
  }

  /** Filters of the device listing; null means "any". */
  public record Filter(Boolean online, String group, String search) {}

  public Future<Paged> list(Filter filter, Page page) {
    Where where = new Where().and("d.deleted_at IS NULL");
    if (filter.online() != null) {
      where.and(isOnline + " = ?", filter.online());
    }
    if (filter.group() != null) {
      where.and(
          "EXISTS (SELECT 1 FROM device_group_members m JOIN device_groups g ON g.id = m.group_id"
              + " WHERE m.device_uuid = d.uuid AND g.name = ?)",
          filter.group());
    }
    if (filter.search() != null) {
      String literal = Where.likeLiteral(filter.search());
      where.and(
          "(d.device_name ILIKE '%' || ? || '%' ESCAPE '\\' OR d.uuid::text LIKE lower(?) || '%' ESCAPE '\\')",
          literal, literal);
    }
    return Paged.fetch(
        pool,
        select,
        "SELECT count(*) FROM devices d",
        where,
        "d.device_name, d.uuid",
        page,
        DeviceStore::toJson);
  }

  public Future<Optional<JsonObject>> find(UUID uuid) {
    return find(pool, uuid);
  }

  private Future<Optional<JsonObject>> find(io.vertx.sqlclient.SqlClient client, UUID uuid) {
    return client
        .preparedQuery(select + " WHERE d.uuid = $1 AND d.deleted_at IS NULL")
        .execute(Tuple.of(uuid))
        .map(rows -> Rows.first(rows).map(DeviceStore::toJson));
  }

  /**
   * Registers a device with the hash of its token. A uuid that belonged to a deleted device is registered afresh
   * (its old history stays attached); a uuid of a live device fails with {@link DuplicateDevice}.
   */
  public Future<JsonObject> register(UUID uuid, DeviceFields fields, String tokenHash) {
    return pool.withTransaction(conn -> registerIn(conn, uuid, fields, tokenHash));
  }

  /**
   * Registers a device with a provisioning key, consumed in the same transaction; the device joins the key's
   * groups. Empty when the key is unknown, revoked, expired or used up.
   */
  public Future<Optional<JsonObject>> provision(
      String keyHash, UUID uuid, DeviceFields fields, String tokenHash) {
    return pool.withTransaction(
        conn ->
            CredentialStore.consumeProvisioningKey(conn, keyHash)
                .compose(
                    key -> {
                      if (key.isEmpty()) {
                        return Future.succeededFuture(Optional.empty());
                      }
                      List<String> groups = List.of(key.get().getArrayOfStrings("groups"));
                      DeviceFields withGroups =
                          new DeviceFields(
                              fields.deviceName(),
                              fields.deviceTypeGiven(),
                              fields.deviceType(),
                              fields.isActive(),
                              groups);
                      return registerIn(conn, uuid, withGroups, tokenHash).map(Optional::of);
                    }));
  }

  private Future<JsonObject> registerIn(
      SqlConnection conn, UUID uuid, DeviceFields fields, String tokenHash) {
    return conn.preparedQuery(
            "INSERT INTO devices (uuid, device_name, device_type, is_active, token_hash, token_rotated_at)"
                + " VALUES ($1, $2, $3, $4, $5, now())"
                + " ON CONFLICT (uuid) DO UPDATE SET device_name = EXCLUDED.device_name,"
                + "   device_type = EXCLUDED.device_type, is_active = EXCLUDED.is_active, deleted_at = NULL,"
                + "   last_seen_at = NULL, created_at = now(), updated_at = now(), token_hash = EXCLUDED.token_hash,"
                + "   token_rotated_at = now()"
                + " WHERE devices.deleted_at IS NOT NULL RETURNING uuid")
        .execute(
            Tuple.of(
                uuid,
                fields.deviceName(),
                fields.deviceType(),
                fields.isActive() == null ? Boolean.TRUE : fields.isActive(),
                tokenHash))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new DuplicateDevice(uuid))
                    : replaceGroups(conn, uuid, fields.groups()))
        .compose(ok -> find(conn, uuid))
        .map(Optional::orElseThrow);
  }

  /** Applies the fields present; empty when there is no such (live) device. */
  public Future<Optional<JsonObject>> update(UUID uuid, DeviceFields fields) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE devices SET device_name = COALESCE($2, device_name),"
                        + " device_type = CASE WHEN $3 THEN $4 ELSE device_type END,"
                        + " is_active = COALESCE($5, is_active), updated_at = now()"
                        + " WHERE uuid = $1 AND deleted_at IS NULL RETURNING uuid")
                .execute(
                    Tuple.of(
                        uuid,
                        fields.deviceName(),
                        fields.deviceTypeGiven(),
                        fields.deviceType(),
                        fields.isActive()))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.empty());
                      }
                      return replaceGroups(conn, uuid, fields.groups())
                          .compose(ok -> find(conn, uuid));
                    }));
  }

  /**
   * Deletes a device: hidden from listings and targeting, its memberships dropped, and executions it had not
   * finished become REMOVED. Its finished history stays readable.
   */
  public Future<Optional<Integer>> delete(UUID uuid) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE devices SET deleted_at = now(), is_active = false, updated_at = now(), token_hash = NULL"
                        + " WHERE uuid = $1 AND deleted_at IS NULL RETURNING uuid")
                .execute(Tuple.of(uuid))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<Integer>empty());
                      }
                      return conn.preparedQuery(
                              "UPDATE device_job_status SET status = 'REMOVED',"
                                  + " version_number = version_number + 1, finished_at = now(),"
                                  + " reason = 'the device was deleted'"
                                  + " WHERE device_uuid = $1 AND status IN ('QUEUED', 'IN_PROGRESS')")
                          .execute(Tuple.of(uuid))
                          .compose(
                              removed ->
                                  conn.preparedQuery(
                                          "DELETE FROM device_group_members WHERE device_uuid = $1")
                                      .execute(Tuple.of(uuid))
                                      .compose(
                                          dropped ->
                                              conn.preparedQuery(
                                                      "SELECT pg_notify($1, $2), pg_notify($1, $3)")
                                                  .execute(
                                                      Tuple.of(
                                                          Notifications.CHANNEL,
                                                          WorkNotice.forDevices(List.of(uuid))
                                                              .encode(),
                                                          CredentialNotice.forDevice(uuid)
                                                              .encode())))
                                      .map(notified -> Optional.of(removed.rowCount())));
                    }));
  }

  /** Makes the device's memberships exactly {@code groups} (null: leave them), creating missing groups. */
  private static Future<Void> replaceGroups(SqlConnection conn, UUID uuid, List<String> groups) {
    if (groups == null) {
      return Future.succeededFuture();
    }
    String[] names = groups.toArray(new String[0]);
    return GroupStore.createMissing(conn, names)
        .compose(
            ok ->
                conn.preparedQuery(
                        "DELETE FROM device_group_members WHERE device_uuid = $1"
                            + " AND group_id NOT IN (SELECT id FROM device_groups WHERE name = ANY($2))")
                    .execute(Tuple.of(uuid, (Object) names)))
        .compose(
            ok ->
                conn.preparedQuery(
                        "INSERT INTO device_group_members (group_id, device_uuid)"
                            + " SELECT id, $1 FROM device_groups WHERE name = ANY($2) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(uuid, (Object) names)))
        .mapEmpty();
  }

  static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("uuid", r.getUUID("uuid").toString())
        .put("device_name", r.getString("device_name"))
        .put("device_type", r.getString("device_type"))
        .put("groups", Rows.textArray(r, "groups"))
        .put("is_active", r.getBoolean("is_active"))
        .put("is_online", r.getBoolean("is_online"))
        .put("last_seen_at", Rows.timestamp(r, "last_seen_at"))
        .put("created_at", Rows.timestamp(r, "created_at"))
        .put("updated_at", Rows.timestamp(r, "updated_at"));
  }

  static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  /** A live device already has this uuid. */
  public static final class DuplicateDevice extends RuntimeException {
    DuplicateDevice(UUID uuid) {
      super("a device with uuid " + uuid + " is already registered", null, false, false);
    }
  }
}
