package io.devicejobs.security;

import io.devicejobs.db.Page;
import io.devicejobs.db.Paged;
import io.devicejobs.db.Rows;
import io.devicejobs.db.Where;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who changed what, when and from where. Entries never hold secrets (request bodies are not recorded). */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  /** One entry. */
  public record Entry(
      String actor,
      String actorKind,
      String actorRole,
      String action,
      String resourceType,
      String resourceId,
      String sourceAddress,
      int statusCode) {}

  /** Written after the change has been answered; a failure to write is logged, never hidden. */
  public void record(Entry e) {
    pool.preparedQuery(
            "INSERT INTO audit_log (actor, actor_kind, actor_role, action, resource_type, resource_id,"
                + " source_address, status_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(
            Tuple.from(
                new Object[] {
                  e.actor(),
                  e.actorKind(),
                  e.actorRole(),
                  e.action(),
                  e.resourceType(),
                  e.resourceId(),
                  e.sourceAddress(),
                  e.statusCode()
                }))
        .onFailure(
            failure ->
                LOG.error(
                    "could not write the audit entry {} {} {} by {}: {}",
                    e.action(),
                    e.resourceType(),
                    e.resourceId(),
                    e.actor(),
                    failure.getMessage()));
  }

  public Future<Paged> list(String actor, String action, Page page) {
    Where where = new Where().andIf(actor, "actor = ?").andIf(action, "action = ?");
    return Paged.fetch(
        pool,
        "SELECT * FROM audit_log",
        "SELECT count(*) FROM audit_log",
        where,
        "occurred_at DESC, id DESC",
        page,
        AuditLog::json);
  }

  private static JsonObject json(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("occurred_at", Rows.timestamp(r, "occurred_at"))
        .put("actor", r.getString("actor"))
        .put("actor_kind", r.getString("actor_kind"))
        .put("actor_role", r.getString("actor_role"))
        .put("action", r.getString("action"))
        .put("resource_type", r.getString("resource_type"))
        .put("resource_id", r.getString("resource_id"))
        .put("source_address", r.getString("source_address"))
        .put("status_code", r.getInteger("status_code"));
  }
}
