package io.devicejobs.simulator;

import io.devicejobs.agent.Backoff;
import io.devicejobs.agent.ConflictVerdict;
import io.devicejobs.agent.ReportBodies;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends a virtual device's reports the way the agent does: with {@code expected_version} and a report id,
 * retried with backoff, a 409 read with {@link ConflictVerdict} (already landed, execution ended, or rebase on
 * the current version). Kept in memory: a simulator that stops loses what it had not sent; a server outage
 * (unreachable, 502/503/504) is waited out, with backoff and Retry-After, without losing the report.
 */
final class DeviceReporter {

  private static final int MAX_ATTEMPTS = 12;

  /**
   * What became of a report.
   *
   * @param version the execution's version after it
   * @param endedOnServer the execution's final state when the server had ended it first; null otherwise
   */
  record Sent(int version, String endedOnServer) {}

  private final Vertx vertx;
  private final FleetHttp http;
  private final SimulatorStats stats;

  DeviceReporter(Vertx vertx, FleetHttp http, SimulatorStats stats) {
    this.vertx = vertx;
    this.http = http;
    this.stats = stats;
  }

  /** @param report the body without version and id, which are added here */
  Future<Sent> send(SimulatedDevice device, UUID jobId, JsonObject report, int expectedVersion) {
    JsonObject details =
        report
            .getJsonObject("status_details", new JsonObject())
            .copy()
            .put(ReportBodies.REPORT_ID, UUID.randomUUID().toString());
    JsonObject body =
        report.copy().put("status_details", details).put("expected_version", expectedVersion);
    Promise<Sent> sent = Promise.promise();
    attempt(
        device,
        jobId,
        body,
        1,
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), Math::random),
        sent);
    return sent.future();
  }

  private void attempt(
      SimulatedDevice device,
      UUID jobId,
      JsonObject body,
      int attempt,
      Backoff backoff,
      Promise<Sent> sent) {
    stats.reports.increment();
    String path = "/devices/" + device.uuid() + "/jobs/" + jobId + "/status";
    http.send(HttpMethod.PATCH, path, device.token(), body)
        .onComplete(
            result -> {
              if (result.succeeded() && result.result().isSuccess()) {
                sent.complete(
                    new Sent(
                        result
                            .result()
                            .json()
                            .getJsonObject("execution")
                            .getInteger("version_number"),
                        null));
                return;
              }
              if (result.succeeded()
                  && result.result().status() == 409
                  && result.result().json().getJsonObject("current") != null) {
                conflict(
                    device,
                    jobId,
                    body,
                    attempt,
                    backoff,
                    sent,
                    result.result().json().getJsonObject("current"));
                return;
              }
              stats.reportErrors.increment();
              // An outage (no answer, 502/503/504) is waited out however long it lasts: a report
              // is not lost to it. Other transient answers get MAX_ATTEMPTS.
              boolean unavailable = result.failed() || result.result().isUnavailable();
              boolean retry = unavailable || result.result().isTransient();
              if (!retry || (!unavailable && attempt >= MAX_ATTEMPTS)) {
                sent.fail(
                    result.failed()
                        ? result.cause().toString()
                        : "HTTP " + result.result().status() + " " + result.result().body());
                return;
              }
              Optional<Duration> retryAfter =
                  result.succeeded() ? result.result().retryAfter() : Optional.empty();
              vertx.setTimer(
                  Math.max(1, backoff.next(retryAfter).toMillis()),
                  timer -> attempt(device, jobId, body, attempt + 1, backoff, sent));
            });
  }

  private void conflict(
      SimulatedDevice device,
      UUID jobId,
      JsonObject body,
      int attempt,
      Backoff backoff,
      Promise<Sent> sent,
      JsonObject current) {
    JsonObject lastReport = current.getJsonObject("last_report", new JsonObject());
    String lastId =
        lastReport
            .getJsonObject("status_details", new JsonObject())
            .getString(ReportBodies.REPORT_ID);
    String ours = body.getJsonObject("status_details").getString(ReportBodies.REPORT_ID);
    int version = current.getInteger("version_number");
    switch (ConflictVerdict.of(current.getString("status"), lastId, ours)) {
      case LANDED -> sent.complete(new Sent(version, null));
      case ENDED -> sent.complete(new Sent(version, current.getString("status")));
      case STALE -> {
        if (attempt >= MAX_ATTEMPTS) {
          sent.fail("the execution keeps changing version");
        } else {
          attempt(
              device,
              jobId,
              body.copy().put("expected_version", version),
              attempt + 1,
              backoff,
              sent);
        }
      }
    }
  }
}
