package io.devicejobs.security;

import io.devicejobs.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * WebSocket tickets: issued to an operator key, stored as SHA-256 in the database so that whichever instance the
 * browser reaches can redeem it, and redeemed at most once (the redeeming DELETE is atomic).
 */
public final class LiveTickets {
  private final Pool pool;

  public LiveTickets(Pool pool) {
    this.pool = pool;
  }

  /** Stores a new ticket for the key; returns when it expires. */
  public Future<OffsetDateTime> issue(String ticket, UUID keyId, Duration lifetime) {
    return pool.preparedQuery(
            "INSERT INTO live_tickets (ticket_hash, key_id, expires_at)"
                + " VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at")
        .execute(Tuple.of(Secrets.hash(ticket), keyId, (double) lifetime.toSeconds()))
        .map(rows -> rows.iterator().next().getOffsetDateTime("expires_at"));
  }

  /** The ticket's key, if the ticket exists, has not expired and the key is not revoked; the ticket is gone after. */
  public Future<Optional<Principal>> redeem(String ticket) {
    if (!Secrets.LIVE_TICKET.owns(ticket)) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(
            "WITH used AS (DELETE FROM live_tickets WHERE ticket_hash = $1"
                + " RETURNING key_id, expires_at) SELECT k.id, k.name, k.role FROM used u JOIN api_keys k ON k.id = u.key_id"
                + " WHERE u.expires_at > now() AND k.revoked_at IS NULL")
        .execute(Tuple.of(Secrets.hash(ticket)))
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

  public Future<Integer> purgeExpired() {
    return pool.query("DELETE FROM live_tickets WHERE expires_at < now()")
        .execute()
        .map(rows -> rows.rowCount());
  }
}
