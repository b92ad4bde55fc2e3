package io.devicejobs.executions;

import io.devicejobs.db.Page;
import io.devicejobs.db.Sightings;
import io.devicejobs.http.ApiError;
import io.devicejobs.http.ErrorResponder;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.devicejobs.http.Uuids;
import io.devicejobs.jobs.IdleDevices;
import io.devicejobs.jobs.JobLifecycleLog;
import io.devicejobs.jobs.JobMetrics;
import io.devicejobs.jobs.JobMetrics.PollOutcome;
import io.devicejobs.jobs.JobMetrics.ReportOutcome;
import io.devicejobs.jobs.rules.ExecutionStatus;
import io.devicejobs.jobs.rules.OutputCap;
import io.devicejobs.jobs.rules.Transitions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/** The device-facing job API: poll for the next job, report status, read history. */
public final class DeviceJobApi {
  /** Cap on each of stdout and stderr as stored; the tail is kept. */
  public static final int OUTPUT_CAP_BYTES = OutputCap.DEFAULT_MAX_BYTES;

  private static final int STATUS_DETAILS_MAX_BYTES = 16 * 1024;

  private final ExecutionStore store;
  private final ClaimBatcher claims;
  private final IdleDevices idle;
  private final Sightings<UUID> presence;
  private final JobMetrics metrics;

  public DeviceJobApi(
      ExecutionStore store,
      ClaimBatcher claims,
      IdleDevices idle,
      Sightings<UUID> presence,
      JobMetrics metrics) {
    this.store = store;
    this.claims = claims;
    this.idle = idle;
    this.presence = presence;
    this.metrics = metrics;
  }

  /** The operationId of the poll, whose route the API verticle also serves ahead of all others. */
  public static final String POLL_OPERATION = "pollNextJob";

  public void mount(Routes routes) {
    // The hottest path: validated by hand (one uuid), so that
    // an idle poll costs no more than a lookup in memory.
    routes.route(POLL_OPERATION).setDoValidation(false).addHandler(this::poll);
    routes
        .on("reportJobStatus", Respond.json(200, this::report))
        .on("listDeviceJobs", Respond.json(200, this::history));
    // Refusals are counted where they are answered, contract validation included.
    routes.route("reportJobStatus").addFailureHandler(this::countRefusedReport);
  }

  public void poll(RoutingContext ctx) {
    String raw = ctx.pathParam("uuid");
    if (!Uuids.isUuid(raw)) {
      metrics.poll(PollOutcome.ERROR);
      ErrorResponder.send(ctx, ApiError.invalidField("/uuid", "must be a UUID"));
      return;
    }
    UUID device = UUID.fromString(raw);
    presence.seen(device);
    if (idle.isIdle(device)) {
      metrics.poll(PollOutcome.EMPTY);
      ctx.response().setStatusCode(204).end();
      return;
    }
    long generation = idle.generation();
    claims
        .claim(device)
        .onComplete(
            result -> {
              if (result.failed()) {
                metrics.poll(PollOutcome.ERROR);
                ctx.fail(result.cause());
                return;
              }
              ExecutionStore.Poll poll = result.result();
              if (poll.unknownDevice()) {
                metrics.poll(PollOutcome.ERROR);
                ErrorResponder.send(ctx, ApiError.notFound("device " + device));
              } else if (poll.nothing()) {
                metrics.poll(PollOutcome.EMPTY);
                idle.markIdle(device, generation);
                ctx.response().setStatusCode(204).end();
              } else {
                metrics.poll(PollOutcome.JOB);
                if (poll.claimed()) {
                  metrics.claimed();
                }
                Respond.send(ctx, 200, poll.job());
              }
            });
  }

  private Future<JsonObject> report(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    UUID device = request.pathUuid("uuid");
    UUID jobId = request.pathUuid("job_id");
    StatusReport report = parse(request.body());
    presence.seen(device);
    return store
        .report(device, jobId, report)
        .map(
            outcome -> {
              ExecutionStore.ReportOutcome result =
                  outcome.orElseThrow(
                      () ->
                          ApiError.notFound("execution of job " + jobId + " on device " + device));
              if (result.accepted()) {
                metrics.report(ReportOutcome.ACCEPTED);
                if (report.status().isTerminal()) {
                  metrics.finished(report.status(), 1);
                  // Was it the job's last open execution? One indexed read, only for final reports.
                  store.finishedJobs(List.of(jobId)).onSuccess(JobLifecycleLog::finished);
                }
                return new JsonObject().put("execution", result.execution());
              }
              throw refused(report, result.current());
            });
  }

  private void countRefusedReport(RoutingContext ctx) {
    int status = ErrorResponder.toApiError(ctx.failure(), ctx.statusCode()).status();
    metrics.report(
        status == 409
            ? ReportOutcome.CONFLICT
            : status == 404
                ? ReportOutcome.NOT_FOUND
                : status >= 500 ? ReportOutcome.ERROR : ReportOutcome.INVALID);
    ctx.next();
  }

  private Future<JsonObject> history(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    UUID device = request.pathUuid("uuid");
    String status = request.queryString("status");
    Page page = request.page();
    return store
        .history(device, status == null ? null : ExecutionStatus.valueOf(status), page)
        .map(
            found ->
                found
                    .map(
                        listing ->
                            page.describe(
                                new JsonObject()
                                    .put("device_uuid", device.toString())
                                    .put("jobs", new JsonArray(listing.items()))
                                    .put("total", listing.total())))
                    .orElseThrow(() -> ApiError.notFound("device " + device)));
  }

  /** The 409 names the current state and carries it, with the last accepted report, for the device to compare. */
  private static ApiError refused(StatusReport report, JsonObject current) {
    ExecutionStatus now = ExecutionStatus.valueOf(current.getString("status"));
    int version = current.getInteger("version_number");
    String message;
    if (report.expectedVersion() != null && report.expectedVersion() != version) {
      message =
          "version mismatch: expected "
              + report.expectedVersion()
              + ", the execution is at version "
              + version
              + " ("
              + now
              + ")";
    } else if (now.isTerminal()) {
      message = "the execution is " + now + "; it accepts no further reports";
    } else {
      message = "cannot move the execution from " + now + " to " + report.status();
    }
    return ApiError.conflict(message).with("current", current);
  }

  private static StatusReport parse(JsonObject body) {
    String statusText = body.getString("status");
    ExecutionStatus status =
        ExecutionStatus.parse(statusText)
            .orElseThrow(
                () -> ApiError.invalidField("/status", "unknown status \"" + statusText + "\""));
    if (!Transitions.deviceReportable().contains(status)) {
      throw ApiError.invalidField(
          "/status", "a device may report " + Transitions.deviceReportable() + ", not " + status);
    }
    JsonObject details = body.getJsonObject("status_details");
    if (details != null) {
      String encoded = details.encode();
      if (encoded.length() > STATUS_DETAILS_MAX_BYTES) {
        throw ApiError.invalidField(
            "/status_details", "must be at most " + STATUS_DETAILS_MAX_BYTES + " bytes of JSON");
      }
      if (encoded.contains("\\u0000")) {
        throw ApiError.invalidField("/status_details", "must not contain NUL characters");
      }
    }
    return new StatusReport(
        status,
        body.getInteger("exit_code"),
        output(body.getString("stdout")),
        output(body.getString("stderr")),
        withoutNul(body.getString("reason")),
        body.getInteger("executed_steps"),
        withoutNul(body.getString("failed_step")),
        details,
        body.getInteger("expected_version"));
  }

  /** Process output may hold NUL bytes, which PostgreSQL text cannot: they become U+FFFD. */
  private static OutputCap.Capped output(String text) {
    return text == null ? null : OutputCap.tail(withoutNul(text), OUTPUT_CAP_BYTES);
  }

  private static String withoutNul(String text) {
    return text == null ? null : text.replace('\0', '\uFFFD');
  }
}
