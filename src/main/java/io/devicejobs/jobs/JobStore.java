package io.devicejobs.jobs;

import io.devicejobs.db.Notifications;
import io.devicejobs.db.Page;
import io.devicejobs.db.Paged;
import io.devicejobs.db.Rows;
import io.devicejobs.db.Where;
import io.devicejobs.handlers.HandlerStore;
import io.devicejobs.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for jobs: creation with its set-based fan-out, listings with exact counts, cancel. */
public final class JobStore {
  static final String SUMMARY_COLUMNS =
      "job_id, job_name, description, template_id, template_name, job_document,"
          + " parameters, target_type, target_devices, target_groups, timeout_seconds, priority, total_devices, rerun_of,"
          + " created_by, created_at, updated_at, canceled_at, cancel_reason, queued, in_progress, succeeded, failed,"
          + " timed_out, rejected, canceled, removed, started_at, completed_at, status";

  private static final String EXECUTION_COLUMNS =
      "s.job_id, s.device_uuid, d.device_name, s.status, s.queued_at,"
          + " s.started_at, s.deadline_at, s.finished_at, s.exit_code, s.stdout, s.stderr, s.stdout_truncated,"
          + " s.stderr_truncated, s.reason, s.executed_steps, s.failed_step, s.status_details, s.execution_number,"
          + " s.version_number";

  private final Pool pool;

  public JobStore(Pool pool) {
    this.pool = pool;
  }

  /** The result of a create: the job, or the stored answer of an earlier request with the same idempotency key. */
  public record Created(JsonObject job, int devices, Idempotency.Replay replay) {}

  /**
   * Creates the job and one QUEUED execution per targeted device in one transaction, with the fan-out as one
   * INSERT ... SELECT. Nothing is written when the targets are invalid or empty.
   */
  public Future<Created> create(NewJob job, Idempotency.Request idempotency) {
    return pool.withTransaction(
        conn ->
            Idempotency.claim(conn, idempotency)
                .compose(
                    replay -> {
                      if (replay != null) {
                        return Future.succeededFuture(new Created(null, 0, replay));
                      }
                      return HandlerStore.lockAndFindMissing(conn, job.handlerNames())
                          .compose(
                              missing ->
                                  missing.isEmpty()
                                      ? Future.succeededFuture()
                                      : Future.failedFuture(
                                          ApiError.invalidField(
                                              "/job_document",
                                              "the document runs handlers that are not in the library: "
                                                  + String.join(", ", missing))))
                          .compose(ok -> checkTargets(conn, job.targets()))
                          .compose(ok -> insertJob(conn, job))
                          .compose(ok -> fanOut(conn, job))
                          .compose(
                              devices -> {
                                if (devices == 0) {
                                  return Future.failedFuture(
                                      ApiError.invalidField(
                                          "/target_type", "the target contains no active device"));
                                }
                                return conn.preparedQuery(
                                        "UPDATE job_executions SET total_devices = $2 WHERE job_id = $1")
                                    .execute(Tuple.of(job.jobId(), devices))
                                    .compose(updated -> notifyWork(conn, job.targets()))
                                    .compose(notified -> summary(conn, job.jobId()))
                                    .compose(
                                        created ->
                                            Idempotency.remember(
                                                    conn,
                                                    idempotency,
                                                    201,
                                                    envelope(created.orElseThrow()))
                                                .map(
                                                    stored ->
                                                        new Created(
                                                            created.orElseThrow(), devices, null)));
                              });
                    }));
  }

  /** How many devices a job on these targets would reach, after the same checks as {@link #create}. */
  public Future<Long> countTargets(Targets targets) {
    return pool.withConnection(
        conn ->
            checkTargets(conn, targets)
                .compose(
                    ok -> {
                      Where where = new Where().and(targets.condition(), targets.values());
                      return conn.preparedQuery("SELECT count(*) FROM devices d" + where.sql())
                          .execute(where.tuple())
                          .map(Rows::count);
                    }));
  }

  /** Names the devices or groups of an explicit target list that cannot be targeted. */
  private static Future<Void> checkTargets(SqlClient conn, Targets targets) {
    if (targets instanceof Targets.Devices devices) {
      return conn.preparedQuery(
              "SELECT u, d.uuid IS NULL OR d.deleted_at IS NOT NULL AS unknown"
                  + " FROM unnest($1::uuid[]) AS u LEFT JOIN devices d ON d.uuid = u"
                  + " WHERE d.uuid IS NULL OR d.deleted_at IS NOT NULL OR NOT d.is_active ORDER BY u LIMIT 50")
          .execute(Tuple.of((Object) devices.uuids().toArray(new UUID[0])))
          .compose(
              rows -> {
                List<String> unknown = new ArrayList<>();
                List<String> inactive = new ArrayList<>();
                rows.forEach(
                    r ->
                        (r.getBoolean("unknown") ? unknown : inactive)
                            .add(r.getUUID("u").toString()));
                if (!unknown.isEmpty()) {
                  return Future.failedFuture(
                      ApiError.invalidField(
                          "/target_devices", "unknown devices: " + String.join(", ", unknown)));
                }
                if (!inactive.isEmpty()) {
                  return Future.failedFuture(
                      ApiError.invalidField(
                          "/target_devices",
                          "inactive devices cannot be targeted: " + String.join(", ", inactive)));
                }
                return Future.succeededFuture();
              });
    }
    if (targets instanceof Targets.Groups groups) {
      return conn.preparedQuery(
              "SELECT n FROM unnest($1::text[]) AS n"
                  + " WHERE NOT EXISTS (SELECT 1 FROM device_groups g WHERE g.name = n) ORDER BY n")
          .execute(Tuple.of((Object) groups.names().toArray(new String[0])))
          .compose(
              rows -> {
                if (rows.size() == 0) {
                  return Future.succeededFuture();
                }
                List<String> unknown = new ArrayList<>();
                rows.forEach(r -> unknown.add(r.getString(0)));
                return Future.failedFuture(
                    ApiError.invalidField(
                        "/target_groups", "unknown groups: " + String.join(", ", unknown)));
              });
    }
    return Future.succeededFuture();
  }

  private static Future<Void> insertJob(SqlConnection conn, NewJob job) {
    UUID[] devices =
        job.targets() instanceof Targets.Devices d ? d.uuids().toArray(new UUID[0]) : new UUID[0];
    String[] groups =
        job.targets() instanceof Targets.Groups g
            ? g.names().toArray(new String[0])
            : new String[0];
    return conn.preparedQuery(
            "INSERT INTO job_executions (job_id, job_name, description, template_id, template_name,"
                + " job_document, parameters, target_type, target_devices, target_groups, timeout_seconds, priority,"
                + " total_devices, rerun_of, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14)")
        .execute(
            Tuple.from(
                new Object[] {
                  job.jobId(),
                  job.jobName(),
                  job.description(),
                  job.templateId(),
                  job.templateName(),
                  job.document(),
                  job.parameters(),
                  job.targets().type(),
                  devices,
                  groups,
                  job.timeoutSeconds(),
                  job.priority(),
                  job.rerunOf(),
                  job.createdBy()
                }))
        .mapEmpty();
  }

  private static Future<Integer> fanOut(SqlConnection conn, NewJob job) {
    Where where = new Where();
    String jobId = where.next(job.jobId());
    String priority = where.next(job.priority());
    where.and(job.targets().condition(), job.targets().values());
    // In uuid order, so that each index receives its new
    // entries in key order (a third faster at 100,000).
    return conn.preparedQuery(
            "INSERT INTO device_job_status (job_id, device_uuid, priority)"
                + " SELECT "
                + jobId
                + ", d.uuid, "
                + priority
                + " FROM devices d"
                + where.sql()
                + " ORDER BY d.uuid")
        .execute(where.tuple())
        .map(rows -> rows.rowCount());
  }

  /** Tells every instance (at commit) that devices have new work, so their poll caches let them see it. */
  private static Future<Void> notifyWork(SqlConnection conn, Targets targets) {
    JsonObject payload =
        targets instanceof Targets.Devices devices
                && devices.uuids().size() <= WorkNotice.MAX_LISTED
            ? WorkNotice.forDevices(devices.uuids())
            : WorkNotice.forEveryone();
    return Notifications.send(conn, payload);
  }

  public Future<Optional<JsonObject>> summary(UUID jobId) {
    return summary(pool, jobId);
  }

  private static Future<Optional<JsonObject>> summary(SqlClient client, UUID jobId) {
    return client
        .preparedQuery("SELECT " + SUMMARY_COLUMNS + " FROM job_summaries WHERE job_id = $1")
        .execute(Tuple.of(jobId))
        .map(rows -> Rows.first(rows).map(JobStore::jobJson));
  }

  /** Filters of the job listing; null means "any". */
  public record Filter(
      String status, Long templateId, UUID deviceUuid, OffsetDateTime createdAfter) {}

  public Future<Paged> list(Filter filter, Page page) {
    Where where =
        new Where()
            .andIf(filter.status(), "status = ?")
            .andIf(filter.templateId(), "template_id = ?")
            .andIf(filter.createdAfter(), "created_at > ?")
            .andIf(
                filter.deviceUuid(),
                "job_id IN (SELECT s.job_id FROM device_job_status s WHERE s.device_uuid = ?)");
    return Paged.fetch(
        pool,
        "SELECT " + SUMMARY_COLUMNS + " FROM job_summaries",
        "SELECT count(*) FROM job_summaries",
        where,
        "created_at DESC, job_id",
        page,
        JobStore::jobJson);
  }

  /** A page of a job's device executions, and how many there are. */
  public Future<Paged> executions(UUID jobId, String status, Page page) {
    Where where = new Where().and("s.job_id = ?", jobId).andIf(status, "s.status = ?");
    return Paged.fetch(
        pool,
        "SELECT "
            + EXECUTION_COLUMNS
            + " FROM device_job_status s JOIN devices d ON d.uuid = s.device_uuid",
        "SELECT count(*) FROM device_job_status s",
        where,
        "d.device_name, s.device_uuid",
        page,
        JobStore::executionJson);
  }

  /** What cancel found. */
  public enum CancelOutcome {
    CANCELED,
    NOT_FOUND,
    ALREADY_CANCELED,
    ALREADY_FINISHED
  }

  /** What cancel found, and how many executions it moved to CANCELED. */
  public record Cancel(CancelOutcome outcome, int executions) {
    static Cancel refused(CancelOutcome outcome) {
      return new Cancel(outcome, 0);
    }
  }

  /**
   * Cancels a job: its QUEUED executions (and, with force, its IN_PROGRESS ones) become CANCELED in the same
   * transaction. The job row lock makes concurrent cancels of one job take turns.
   */
  public Future<Cancel> cancel(UUID jobId, boolean force, String reason) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "SELECT j.canceled_at IS NOT NULL AS canceled, s.status FROM job_executions j"
                        + " CROSS JOIN LATERAL (SELECT status FROM job_summaries WHERE job_id = j.job_id) s"
                        + " WHERE j.job_id = $1 FOR UPDATE OF j")
                .execute(Tuple.of(jobId))
                .compose(
                    rows -> {
                      Optional<Row> row = Rows.first(rows);
                      if (row.isEmpty()) {
                        return Future.succeededFuture(Cancel.refused(CancelOutcome.NOT_FOUND));
                      }
                      if (row.get().getBoolean("canceled")) {
                        return Future.succeededFuture(
                            Cancel.refused(CancelOutcome.ALREADY_CANCELED));
                      }
                      String status = row.get().getString("status");
                      if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                        return Future.succeededFuture(
                            Cancel.refused(CancelOutcome.ALREADY_FINISHED));
                      }
                      String[] cancelable =
                          force ? new String[] {"QUEUED", "IN_PROGRESS"} : new String[] {"QUEUED"};
                      String why =
                          reason == null ? (force ? "job force-canceled" : "job canceled") : reason;
                      return conn.preparedQuery(
                              "UPDATE job_executions SET canceled_at = now(), cancel_reason = $2, updated_at = now()"
                                  + " WHERE job_id = $1")
                          .execute(Tuple.of(jobId, reason))
                          .compose(
                              ok ->
                                  conn.preparedQuery(
                                          "UPDATE device_job_status SET status = 'CANCELED', finished_at = now(),"
                                              + " version_number = version_number + 1, reason = $3"
                                              + " WHERE job_id = $1 AND status = ANY($2)")
                                      .execute(Tuple.of(jobId, cancelable, why)))
                          .map(moved -> new Cancel(CancelOutcome.CANCELED, moved.rowCount()));
                    }));
  }

  /** Settings of an earlier job, for a rerun. */
  public Future<Optional<JsonObject>> settings(UUID jobId) {
    return pool.preparedQuery(
            "SELECT job_name, description, template_id, template_name, job_document, parameters,"
                + " timeout_seconds, priority, created_by FROM job_executions WHERE job_id = $1")
        .execute(Tuple.of(jobId))
        .map(rows -> Rows.first(rows).map(Row::toJson));
  }

  /** Which of the devices had no execution in the job. */
  public Future<List<UUID>> devicesOutside(UUID jobId, List<UUID> devices) {
    return pool.preparedQuery(
            "SELECT u FROM unnest($2::uuid[]) AS u WHERE NOT EXISTS"
                + " (SELECT 1 FROM device_job_status s WHERE s.job_id = $1 AND s.device_uuid = u) ORDER BY u LIMIT 50")
        .execute(Tuple.of(jobId, (Object) devices.toArray(new UUID[0])))
        .map(
            rows -> {
              List<UUID> out = new ArrayList<>();
              rows.forEach(r -> out.add(r.getUUID(0)));
              return out;
            });
  }

  public static JsonObject envelope(JsonObject job) {
    return new JsonObject()
        .put("job", job)
        .put("message", "job created for " + job.getLong("total_devices") + " devices");
  }

  static JsonObject jobJson(Row r) {
    UUID rerunOf = r.getUUID("rerun_of");
    JsonObject job =
        new JsonObject()
            .put("job_id", r.getUUID("job_id").toString())
            .put("job_name", r.getString("job_name"))
            .put("description", r.getString("description"))
            .put("status", r.getString("status"))
            .put("template_id", r.getLong("template_id"))
            .put("template_name", r.getString("template_name"))
            .put("parameters", r.getJsonObject("parameters"))
            .put("job_document", r.getJsonObject("job_document"))
            .put("target_type", r.getString("target_type"))
            .put("target_devices", uuidArray(r.getArrayOfUUIDs("target_devices")))
            .put("target_groups", Rows.textArray(r, "target_groups"))
            .put("timeout_seconds", r.getInteger("timeout_seconds"))
            .put("priority", r.getInteger("priority"))
            .put("total_devices", r.getInteger("total_devices"));
    for (String state :
        List.of(
            "queued",
            "in_progress",
            "succeeded",
            "failed",
            "timed_out",
            "rejected",
            "canceled",
            "removed")) {
      job.put(state + "_count", r.getLong(state));
    }
    return job.put("rerun_of", rerunOf == null ? null : rerunOf.toString())
        .put("created_by", r.getString("created_by"))
        .put("created_at", Rows.timestamp(r, "created_at"))
        .put("updated_at", Rows.timestamp(r, "updated_at"))
        .put("started_at", Rows.timestamp(r, "started_at"))
        .put("completed_at", Rows.timestamp(r, "completed_at"))
        .put("canceled_at", Rows.timestamp(r, "canceled_at"))
        .put("cancel_reason", r.getString("cancel_reason"));
  }

  public static JsonObject executionJson(Row r) {
    JsonObject execution =
        new JsonObject()
            .put("job_id", r.getUUID("job_id").toString())
            .put("device_uuid", r.getUUID("device_uuid").toString());
    for (String column : List.of("job_name", "device_name")) {
      if (r.getColumnIndex(column) >= 0) {
        execution.put(column, r.getString(column));
      }
    }
    return execution
        .put("status", r.getString("status"))
        .put("queued_at", Rows.timestamp(r, "queued_at"))
        .put("started_at", Rows.timestamp(r, "started_at"))
        .put("deadline_at", Rows.timestamp(r, "deadline_at"))
        .put("finished_at", Rows.timestamp(r, "finished_at"))
        .put("exit_code", r.getInteger("exit_code"))
        .put("stdout", r.getString("stdout"))
        .put("stderr", r.getString("stderr"))
        .put("stdout_truncated", r.getBoolean("stdout_truncated"))
        .put("stderr_truncated", r.getBoolean("stderr_truncated"))
        .put("reason", r.getString("reason"))
        .put("executed_steps", r.getInteger("executed_steps"))
        .put("failed_step", r.getString("failed_step"))
        .put("status_details", r.getJsonObject("status_details"))
        .put("execution_number", r.getInteger("execution_number"))
        .put("version_number", r.getInteger("version_number"));
  }

  private static JsonArray uuidArray(UUID[] uuids) {
    JsonArray out = new JsonArray();
    if (uuids != null) {
      for (UUID u : uuids) {
        out.add(u.toString());
      }
    }
    return out;
  }

  /** Statuses a rerun of "failed" devices picks. */
  public static final Set<String> FAILED_STATUSES = Set.of("FAILED", "TIMED_OUT", "REJECTED");
}
