package io.devicejobs.executions;

import io.devicejobs.db.Page;
import io.devicejobs.db.Paged;
import io.devicejobs.db.Rows;
import io.devicejobs.db.Sightings;
import io.devicejobs.db.Where;
import io.devicejobs.jobs.JobStore;
import io.devicejobs.jobs.rules.ExecutionStatus;
import io.devicejobs.jobs.rules.Transitions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for the device side of executions: claim, report, history, presence and timeouts. */
public final class ExecutionStore {
  private static final String COLUMNS =
      "s.job_id, s.device_uuid, j.job_name, s.status, s.queued_at, s.started_at,"
          + " s.deadline_at, s.finished_at, s.exit_code, s.stdout, s.stderr, s.stdout_truncated, s.stderr_truncated,"
          + " s.reason, s.executed_steps, s.failed_step, s.status_details, s.execution_number, s.version_number";

  /** Keys for the sweep's advisory lock, so that one instance sweeps at a time. */
  private static final int LOCK_CLASS = 1684301;

  private static final int SWEEP_LOCK = 1;

  /** Sightings written per statement by {@link #recordPresence}. */
  static final int PRESENCE_PART = 100;

  private final Pool pool;

  public ExecutionStore(Pool pool) {
    this.pool = pool;
  }

  /** What a poll found. */
  public record Poll(String outcome, JsonObject job) {
    public boolean unknownDevice() {
      return outcome.equals("unknown");
    }

    public boolean nothing() {
      return outcome.equals("none");
    }

    /** A queued execution was moved to IN_PROGRESS by this poll (not its current one answered again). */
    public boolean claimed() {
      return outcome.equals("claimed");
    }
  }

  /** For each device, in one transaction: its current execution, a newly claimed one, or nothing. */
  public Future<Map<UUID, Poll>> claim(List<UUID> devices) {
    return pool.preparedQuery("SELECT * FROM claim_executions($1)")
        .execute(Tuple.of((Object) devices.toArray(new UUID[0])))
        .map(
            rows -> {
              Map<UUID, Poll> out = new HashMap<>(rows.size() * 2);
              rows.forEach(r -> out.put(r.getUUID("device_uuid"), toPoll(r)));
              return out;
            });
  }

  private static Poll toPoll(Row r) {
    String outcome = r.getString("outcome");
    if (r.getUUID("job_id") == null) {
      return new Poll(outcome, null);
    }
    return new Poll(
        outcome,
        new JsonObject()
            .put("job_id", r.getUUID("job_id").toString())
            .put("job_name", r.getString("job_name"))
            .put("job_document", r.getJsonObject("job_document"))
            .put("timeout_seconds", r.getInteger("timeout_seconds"))
            .put("execution_number", r.getInteger("execution_number"))
            .put("version_number", r.getInteger("version_number"))
            .put("created_at", Rows.timestamp(r, "created_at"))
            .put("deadline_at", Rows.timestamp(r, "deadline_at"))
            .put("seconds_remaining", r.getInteger("seconds_remaining")));
  }

  /** The answer to a report: the updated execution, or why it was refused. */
  public record ReportOutcome(JsonObject execution, JsonObject current) {
    public boolean accepted() {
      return execution != null;
    }
  }

  /**
   * Applies a report in one statement guarded by the allowed source states and the expected version. When it
   * does not apply, the current state is returned (empty when the device has no such execution).
   */
  public Future<Optional<ReportOutcome>> report(UUID device, UUID jobId, StatusReport report) {
    String[] allowedFrom =
        Transitions.allowedFromForDevice(report.status()).stream()
            .map(Enum::name)
            .toArray(String[]::new);
    boolean terminal = report.status().isTerminal();
    Object[] values = {
      jobId,
      device,
      report.status().name(),
      report.exitCode(),
      report.stdout() == null ? null : report.stdout().text(),
      report.stdout() != null && report.stdout().truncated(),
      report.stderr() == null ? null : report.stderr().text(),
      report.stderr() != null && report.stderr().truncated(),
      report.reason(),
      report.executedSteps(),
      report.failedStep(),
      report.statusDetails(),
      report.asRemembered(),
      allowedFrom,
      report.expectedVersion(),
      terminal
    };
    return pool.preparedQuery(
            "WITH updated AS (UPDATE device_job_status SET status = $3,"
                + " version_number = version_number + 1, exit_code = COALESCE($4, exit_code),"
                + " stdout = COALESCE($5, stdout), stdout_truncated = CASE WHEN $5 IS NULL THEN stdout_truncated ELSE $6 END,"
                + " stderr = COALESCE($7, stderr), stderr_truncated = CASE WHEN $7 IS NULL THEN stderr_truncated ELSE $8 END,"
                + " reason = COALESCE($9, reason), executed_steps = COALESCE($10, executed_steps),"
                + " failed_step = COALESCE($11, failed_step), status_details = status_details || COALESCE($12, '{}'::jsonb),"
                + " last_report = $13, last_report_at = now(),"
                + " finished_at = CASE WHEN $16 THEN now() ELSE finished_at END"
                + " WHERE job_id = $1 AND device_uuid = $2 AND status = ANY($14)"
                + " AND ($15::integer IS NULL OR version_number = $15) RETURNING *)"
                + " SELECT "
                + COLUMNS
                + " FROM updated s JOIN job_executions j ON j.job_id = s.job_id")
        .execute(Tuple.from(values))
        .compose(
            rows -> {
              Optional<Row> updated = Rows.first(rows);
              if (updated.isPresent()) {
                return Future.succeededFuture(
                    Optional.of(new ReportOutcome(JobStore.executionJson(updated.get()), null)));
              }
              return current(device, jobId)
                  .map(found -> found.map(state -> new ReportOutcome(null, state)));
            });
  }

  /** The execution's state and its last accepted report, for a refused report. */
  private Future<Optional<JsonObject>> current(UUID device, UUID jobId) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + ", s.last_report FROM device_job_status s"
                + " JOIN job_executions j ON j.job_id = s.job_id WHERE s.job_id = $1 AND s.device_uuid = $2")
        .execute(Tuple.of(jobId, device))
        .map(
            rows ->
                Rows.first(rows)
                    .map(
                        r ->
                            JobStore.executionJson(r)
                                .put("last_report", r.getJsonObject("last_report"))));
  }

  /** A device's executions, newest first; empty when the device does not exist. */
  public Future<Optional<Paged>> history(UUID device, ExecutionStatus status, Page page) {
    Where where =
        new Where()
            .and("s.device_uuid = ?", device)
            .andIf(status == null ? null : status.name(), "s.status = ?");
    return pool.preparedQuery("SELECT 1 FROM devices WHERE uuid = $1")
        .execute(Tuple.of(device))
        .compose(
            exists ->
                exists.size() == 0
                    ? Future.succeededFuture(Optional.empty())
                    : Paged.fetch(
                            pool,
                            "SELECT "
                                + COLUMNS
                                + " FROM device_job_status s JOIN job_executions j ON j.job_id = s.job_id",
                            "SELECT count(*) FROM device_job_status s",
                            where,
                            "s.queued_at DESC, s.job_id",
                            page,
                            JobStore::executionJson)
                        .map(Optional::of));
  }

  /**
   * Writes a batch of sightings, {@link #PRESENCE_PART} devices per statement, one statement after the other; an
   * older sighting never overwrites a newer one. Parts, because every transaction that writes holds back the live
   * events numbered after it began until it ends (docs/websocket.md, "Watermark"): one statement over a whole
   * fleet's sightings held live status back for its full length (30-120 ms for 1,000 devices under load, every
   * flush), a part for a few milliseconds. Returns the devices whose sighting was written.
   */
  public Future<Integer> recordPresence(Map<UUID, Instant> seen) {
    Future<Integer> written = Future.succeededFuture(0);
    for (Map<UUID, Instant> part : Sightings.parts(seen, PRESENCE_PART)) {
      written = written.compose(sofar -> recordPresencePart(part).map(n -> sofar + n));
    }
    return written;
  }

  /**
   * One statement. Rows another transaction holds are skipped rather than waited for (their device's next poll
   * records it again), so that two parts, or a part and any other update of many devices, can never deadlock.
   */
  private Future<Integer> recordPresencePart(Map<UUID, Instant> seen) {
    UUID[] devices = new UUID[seen.size()];
    OffsetDateTime[] times = new OffsetDateTime[seen.size()];
    int i = 0;
    for (var e : seen.entrySet()) {
      devices[i] = e.getKey();
      times[i++] = e.getValue().atOffset(ZoneOffset.UTC);
    }
    return pool.preparedQuery(
            "UPDATE devices d SET last_seen_at = v.seen"
                + " FROM unnest($1::uuid[], $2::timestamptz[]) AS v (uuid, seen)"
                + " WHERE d.uuid = v.uuid AND (d.last_seen_at IS NULL OR d.last_seen_at < v.seen)"
                + " AND d.uuid IN (SELECT uuid FROM devices WHERE uuid = ANY($1) FOR UPDATE SKIP LOCKED)")
        .execute(Tuple.of((Object) devices, (Object) times))
        .map(rows -> rows.rowCount());
  }

  /**
   * Moves IN_PROGRESS executions past their deadline plus the grace period to TIMED_OUT, at most {@code batch}
   * at a time. Returns how many moved per job (empty when none), or null when another instance holds the sweep.
   */
  public Future<Map<UUID, Integer>> sweepTimeouts(long graceMillis, int batch) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1, $2) AS mine")
                .execute(Tuple.of(LOCK_CLASS, SWEEP_LOCK))
                .compose(
                    lock -> {
                      if (!lock.iterator().next().getBoolean("mine")) {
                        return Future.succeededFuture(null);
                      }
                      return conn.preparedQuery(
                              "UPDATE device_job_status SET status = 'TIMED_OUT', finished_at = now(),"
                                  + " version_number = version_number + 1,"
                                  + " reason = 'timed out: no final report before the deadline (' || to_char(deadline_at AT TIME ZONE 'UTC',"
                                  + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ')'"
                                  + " WHERE (job_id, device_uuid) IN (SELECT job_id, device_uuid FROM device_job_status"
                                  + "   WHERE status = 'IN_PROGRESS' AND deadline_at < now() - make_interval(secs => $1)"
                                  + "   ORDER BY deadline_at LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING job_id")
                          .execute(Tuple.of(graceMillis / 1000.0, batch))
                          .map(
                              rows -> {
                                Map<UUID, Integer> byJob = new HashMap<>();
                                rows.forEach(
                                    r -> byJob.merge(r.getUUID("job_id"), 1, Integer::sum));
                                return byJob;
                              });
                    }));
  }

  /** Those of these jobs that have nothing queued or in progress any more, and were not canceled. */
  public Future<List<JsonObject>> finishedJobs(Collection<UUID> jobIds) {
    return pool.preparedQuery(
            "SELECT job_id, status, succeeded, failed, timed_out, rejected, removed"
                + " FROM job_summaries WHERE job_id = ANY($1) AND queued + in_progress = 0 AND canceled_at IS NULL")
        .execute(Tuple.of((Object) jobIds.toArray(new UUID[0])))
        .map(
            rows -> {
              List<JsonObject> jobs = new ArrayList<>();
              rows.forEach(
                  r ->
                      jobs.add(
                          new JsonObject()
                              .put("job_id", r.getUUID("job_id").toString())
                              .put("status", r.getString("status"))
                              .put("succeeded", r.getLong("succeeded"))
                              .put("failed", r.getLong("failed"))
                              .put("timed_out", r.getLong("timed_out"))
                              .put("rejected", r.getLong("rejected"))
                              .put("removed", r.getLong("removed"))));
              return jobs;
            });
  }

  /** QUEUED and IN_PROGRESS executions fleet-wide. */
  public record FleetCounts(long queued, long inProgress) {}

  /**
   * Fleet-wide counts from the per-job counter shards: 16 small rows per job kept, whatever the fleet's size, so
   * the read does not grow with devices or executions.
   */
  public Future<FleetCounts> fleetCounts() {
    return pool.query(
            "SELECT COALESCE(sum(queued), 0)::bigint AS queued,"
                + " COALESCE(sum(in_progress), 0)::bigint AS in_progress FROM job_counters")
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new FleetCounts(r.getLong("queued"), r.getLong("in_progress"));
            });
  }

  /**
   * Deletes up to {@code batch} jobs that finished (nothing queued or in progress) more than {@code days} ago,
   * with their executions (and counters, by cascade), oldest first, in one statement. Jobs created within the
   * window cannot have finished before it, so the created_at index bounds the scan. Returns the jobs deleted.
   */
  public Future<Integer> purgeFinishedJobs(int days, int batch) {
    return pool.preparedQuery(PURGE_FINISHED_JOBS)
        .execute(Tuple.of(days, batch))
        .map(rows -> rows.rowCount());
  }

  private static final String PURGE_FINISHED_JOBS =
      """
      WITH old AS (
          SELECT job_id FROM job_summaries
          WHERE created_at < now() - make_interval(days => $1) AND completed_at < now() - make_interval(days => $1)
          ORDER BY created_at LIMIT $2
      ), executions AS (
          DELETE FROM device_job_status s USING old WHERE s.job_id = old.job_id
      )
      DELETE FROM job_executions j USING old WHERE j.job_id = old.job_id""";

  /** Forgets idempotency keys older than the retention. */
  public Future<Integer> expireIdempotencyKeys(long retentionSeconds) {
    return pool.preparedQuery(
            "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) retentionSeconds))
        .map(rows -> rows.rowCount());
  }
}
