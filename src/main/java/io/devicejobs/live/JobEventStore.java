package io.devicejobs.live;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** SQL for the job events table (db/migration/V5__job_events.sql): horizon, reads in seq order, retention. */
public final class JobEventStore {
  /**
   * Events in (after, through] in seq order, with the current counts of the job for progress events. A progress
   * event is skipped when a later one of the same job is in the range too: it would show the same counts.
   */
  private static final String READ =
      "SELECT e.seq, e.job_id, e.device_uuid, e.status, e.previous_status,"
          + " e.execution_number, e.version_number, e.occurred_at, p.status AS job_status, p.queued, p.in_progress,"
          + " p.succeeded, p.failed, p.timed_out, p.rejected, p.canceled, p.removed"
          + " FROM job_events e"
          + " LEFT JOIN LATERAL (SELECT s.status, s.queued, s.in_progress, s.succeeded, s.failed, s.timed_out, s.rejected,"
          + "   s.canceled, s.removed FROM job_summaries s WHERE e.device_uuid IS NULL AND s.job_id = e.job_id) p ON true"
          + " WHERE e.seq > $1 AND e.seq <= $2"
          + " AND (e.device_uuid IS NOT NULL OR NOT EXISTS (SELECT 1 FROM job_events later WHERE later.job_id = e.job_id"
          + "   AND later.device_uuid IS NULL AND later.seq > e.seq AND later.seq <= $2))";

  private static final Map<EventTopic.Kind, String> READ_BY_TOPIC =
      new EnumMap<>(
          Map.of(
              EventTopic.Kind.ALL, READ + " ORDER BY e.seq LIMIT $3",
              EventTopic.Kind.DEVICE, READ + " AND e.device_uuid = $4 ORDER BY e.seq LIMIT $3",
              EventTopic.Kind.JOB, READ + " AND e.job_id = $4 ORDER BY e.seq LIMIT $3"));

  private final Pool pool;

  public JobEventStore(Pool pool) {
    this.pool = pool;
  }

  /** A reading of the horizon; it takes a transaction id only when seqs beyond {@code known} were handed out. */
  public Future<Horizon> horizon(long known) {
    return pool.preparedQuery(
            "SELECT last_seq, reading_xid, oldest_running_xid FROM job_event_horizon($1)")
        .execute(Tuple.of(known))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              Long xid = r.getLong("reading_xid");
              return new Horizon(
                  r.getLong("last_seq"), xid == null ? 0 : xid, r.getLong("oldest_running_xid"));
            });
  }

  /**
   * Up to {@code limit} rows of the topic's events in (after, through], in seq order.
   *
   * @param events the events of those rows (a progress event of a job deleted meanwhile has none)
   * @param full whether the limit was reached: more may follow after {@code lastSeq}
   * @param lastSeq the seq of the last row read
   */
  public record Page(List<LiveEvent> events, boolean full, long lastSeq) {}

  public Future<Page> read(EventTopic topic, long after, long through, int limit) {
    Tuple params = Tuple.of(after, through, limit);
    if (topic.id() != null) {
      params.addUUID(topic.id());
    }
    return pool.preparedQuery(READ_BY_TOPIC.get(topic.kind()))
        .execute(params)
        .map(
            rows -> {
              List<LiveEvent> events = new ArrayList<>(rows.size());
              long lastSeq = after;
              for (Row row : rows) {
                lastSeq = row.getLong("seq");
                LiveEvent event = EventFrames.fromRow(row);
                if (event != null) {
                  events.add(event);
                }
              }
              return new Page(events, rows.size() == limit, lastSeq);
            });
  }

  /** How many status events (never coalesced, unlike progress events) are in (after, through] now. */
  public Future<Long> countStatusEvents(long after, long through) {
    return pool.preparedQuery(
            "SELECT count(*) FROM job_events WHERE seq > $1 AND seq <= $2"
                + " AND device_uuid IS NOT NULL")
        .execute(Tuple.of(after, through))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Whether the events after {@code since} can still be replayed. */
  public enum ReplayCheck {
    AVAILABLE,
    TOO_OLD,
    AHEAD
  }

  public Future<ReplayCheck> checkReplay(long since, Duration retention) {
    return pool.preparedQuery(
            "SELECT r.purged_through,"
                + " (SELECT e.occurred_at < now() - make_interval(secs => $2) FROM job_events e WHERE e.seq > $1"
                + "  ORDER BY e.seq LIMIT 1) AS first_too_old,"
                + " COALESCE(pg_sequence_last_value('job_event_seq'), 0) AS last_seq"
                + " FROM job_event_retention r")
        .execute(Tuple.of(since, (double) retention.toSeconds()))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              if (since > r.getLong("last_seq")) {
                return ReplayCheck.AHEAD;
              }
              boolean purged = since < r.getLong("purged_through");
              return purged || Boolean.TRUE.equals(r.getBoolean("first_too_old"))
                  ? ReplayCheck.TOO_OLD
                  : ReplayCheck.AVAILABLE;
            });
  }

  /**
   * Deletes the oldest events recorded before the retention window, at most {@code batch} of them, always a
   * prefix of the seqs (so that "purged through" is exact). Returns how many were deleted.
   */
  public Future<Integer> purge(Duration retention, int batch) {
    return pool.preparedQuery(
            "WITH oldest AS (SELECT seq, occurred_at FROM job_events ORDER BY seq LIMIT $2),"
                + " bound AS (SELECT COALESCE(min(seq) FILTER (WHERE occurred_at >= now() - make_interval(secs => $1)) - 1,"
                + "   max(seq)) AS through FROM oldest),"
                + " gone AS (DELETE FROM job_events e USING bound b WHERE e.seq <= b.through RETURNING e.seq),"
                + " moved AS (UPDATE job_event_retention r SET purged_through = b.through FROM bound b"
                + "   WHERE b.through > r.purged_through)"
                + " SELECT count(*) AS deleted FROM gone")
        .execute(Tuple.of((double) retention.toSeconds(), batch))
        .map(rows -> rows.iterator().next().getLong("deleted").intValue());
  }
}
