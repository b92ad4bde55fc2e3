package io.devicejobs.security;

import io.devicejobs.db.Notifications;
import io.devicejobs.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for operator keys, provisioning keys and device tokens. */
public final class CredentialStore {
  private static final String KEY_COLUMNS =
      "id, name, role, key_prefix, created_at, created_by, last_used_at, revoked_at";
  private static final String PROVISIONING_COLUMNS =
      "id, name, key_prefix, max_uses, uses, expires_at, groups, created_at,"
          + " created_by, revoked_at";

  /** Advisory lock key serialising the first-start bootstrap of several instances. */
  private static final int BOOTSTRAP_LOCK = 1684302;

  private final Pool pool;

  public CredentialStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Principal>> operator(String hash) {
    return pool.preparedQuery(
            "SELECT id, name, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(hash))
        .map(
            rows ->
                Rows.first(rows)
                    .map(
                        r ->
                            Principal.operator(
                                r.getUUID("id").toString(),
                                r.getString("name"),
                                Role.parse(r.getString("role")).orElseThrow())));
  }

  public Future<Optional<Principal>> device(String hash) {
    return pool.preparedQuery(
            "SELECT uuid, device_name FROM devices WHERE token_hash = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(hash))
        .map(
            rows ->
                Rows.first(rows)
                    .map(r -> Principal.device(r.getUUID("uuid"), r.getString("device_name"))));
  }

  /**
   * On first start (no key at all), creates the admin key: the given one (ADMIN_API_KEY) or a new random one,
   * which is returned so that it can be shown once. With ADMIN_API_KEY set, that key is added if missing.
   * One instance at a time decides (advisory lock).
   */
  public Future<Optional<String>> bootstrapAdmin(String configuredKey) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(BOOTSTRAP_LOCK))
                .compose(locked -> conn.query("SELECT count(*) FROM api_keys").execute())
                .compose(
                    counted -> {
                      long existing = Rows.count(counted);
                      if (configuredKey != null) {
                        return insertKey(
                                conn,
                                "initial admin (ADMIN_API_KEY)",
                                Role.ADMIN,
                                configuredKey,
                                "system",
                                true)
                            .map(Optional.<String>empty());
                      }
                      if (existing > 0) {
                        return Future.succeededFuture(Optional.<String>empty());
                      }
                      String generated = Secrets.OPERATOR_KEY.generate();
                      return insertKey(
                              conn, "initial admin", Role.ADMIN, generated, "system", false)
                          .map(Optional.of(generated));
                    }));
  }

  /** A new operator key; the secret is returned once and never stored. */
  public Future<JsonObject> createKey(String name, Role role, String secret, String createdBy) {
    return insertKey(pool, name, role, secret, createdBy, false)
        .compose(id -> key(id))
        .map(Optional::orElseThrow);
  }

  private static Future<UUID> insertKey(
      SqlClient client,
      String name,
      Role role,
      String secret,
      String createdBy,
      boolean ifMissing) {
    UUID id = UUID.randomUUID();
    return client
        .preparedQuery(
            "INSERT INTO api_keys (id, name, role, key_hash, key_prefix, created_by)"
                + " VALUES ($1, $2, $3, $4, $5, $6)"
                + (ifMissing ? " ON CONFLICT (key_hash) DO NOTHING" : ""))
        .execute(
            Tuple.of(
                id,
                name,
                role.wire(),
                Secrets.hash(secret),
                Secrets.shownPrefix(secret),
                createdBy))
        .map(id);
  }

  public Future<Optional<JsonObject>> key(UUID id) {
    return pool.preparedQuery("SELECT " + KEY_COLUMNS + " FROM api_keys WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows).map(CredentialStore::keyJson));
  }

  public Future<List<JsonObject>> keys() {
    return pool.query("SELECT " + KEY_COLUMNS + " FROM api_keys ORDER BY created_at, id")
        .execute()
        .map(rows -> Rows.map(rows, CredentialStore::keyJson));
  }

  /** Revokes a key and tells every instance to forget it; false when there is no such live key. */
  public Future<Boolean> revokeKey(UUID id) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(id))
                .compose(
                    rows ->
                        rows.rowCount() == 0
                            ? Future.succeededFuture(false)
                            : notify(conn, CredentialNotice.forKey(id.toString())).map(true)));
  }

  /** Replaces a device's token; the old one stops working on every instance at commit. */
  public Future<Boolean> setDeviceToken(UUID device, String token) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE devices SET token_hash = $2, token_rotated_at = now(), updated_at = now()"
                        + " WHERE uuid = $1 AND deleted_at IS NULL")
                .execute(Tuple.of(device, Secrets.hash(token)))
                .compose(
                    rows ->
                        rows.rowCount() == 0
                            ? Future.succeededFuture(false)
                            : notify(conn, CredentialNotice.forDevice(device)).map(true)));
  }

  /** Writes when keys were last used, in one statement. */
  public Future<Void> recordKeyUse(Map<String, Instant> used) {
    if (used.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = new UUID[used.size()];
    OffsetDateTime[] times = new OffsetDateTime[used.size()];
    int i = 0;
    for (var e : used.entrySet()) {
      ids[i] = UUID.fromString(e.getKey());
      times[i++] = e.getValue().atOffset(ZoneOffset.UTC);
    }
    return pool.preparedQuery(
            "UPDATE api_keys k SET last_used_at = v.used FROM unnest($1::uuid[], $2::timestamptz[])"
                + " AS v (id, used) WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.used)")
        .execute(Tuple.of((Object) ids, (Object) times))
        .mapEmpty();
  }

  public Future<JsonObject> createProvisioningKey(
      String name,
      String secret,
      Integer maxUses,
      OffsetDateTime expiresAt,
      List<String> groups,
      String createdBy) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery(
            "INSERT INTO provisioning_keys (id, name, key_hash, key_prefix, max_uses, expires_at,"
                + " groups, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
                + PROVISIONING_COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  id,
                  name,
                  Secrets.hash(secret),
                  Secrets.shownPrefix(secret),
                  maxUses,
                  expiresAt,
                  groups.toArray(new String[0]),
                  createdBy
                }))
        .map(rows -> provisioningJson(rows.iterator().next()));
  }

  public Future<List<JsonObject>> provisioningKeys() {
    return pool.query(
            "SELECT " + PROVISIONING_COLUMNS + " FROM provisioning_keys ORDER BY created_at, id")
        .execute()
        .map(rows -> Rows.map(rows, CredentialStore::provisioningJson));
  }

  public Future<Boolean> revokeProvisioningKey(UUID id) {
    return pool.preparedQuery(
            "UPDATE provisioning_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Within a transaction: uses one registration of a provisioning key. Empty when the key is unknown, revoked,
   * expired or used up; otherwise the key's name and the groups its devices join.
   */
  public static Future<Optional<Row>> consumeProvisioningKey(SqlClient conn, String hash) {
    return conn.preparedQuery(
            "UPDATE provisioning_keys SET uses = uses + 1 WHERE key_hash = $1 AND revoked_at IS NULL"
                + " AND (expires_at IS NULL OR expires_at > now()) AND (max_uses IS NULL OR uses < max_uses)"
                + " RETURNING id, name, groups")
        .execute(Tuple.of(hash))
        .map(Rows::first);
  }

  private static Future<Void> notify(SqlClient conn, JsonObject notice) {
    return Notifications.send(conn, notice);
  }

  private static JsonObject keyJson(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("name", r.getString("name"))
        .put("role", r.getString("role"))
        .put("key_prefix", r.getString("key_prefix"))
        .put("created_at", Rows.timestamp(r, "created_at"))
        .put("created_by", r.getString("created_by"))
        .put("last_used_at", Rows.timestamp(r, "last_used_at"))
        .put("revoked_at", Rows.timestamp(r, "revoked_at"));
  }

  private static JsonObject provisioningJson(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("name", r.getString("name"))
        .put("key_prefix", r.getString("key_prefix"))
        .put("max_uses", r.getInteger("max_uses"))
        .put("uses", r.getInteger("uses"))
        .put("expires_at", Rows.timestamp(r, "expires_at"))
        .put("groups", new JsonArray(List.of((Object[]) r.getArrayOfStrings("groups"))))
        .put("created_at", Rows.timestamp(r, "created_at"))
        .put("created_by", r.getString("created_by"))
        .put("revoked_at", Rows.timestamp(r, "revoked_at"));
  }
}
