package io.devicejobs.faults;

import io.devicejobs.agent.ConflictVerdict;
import io.devicejobs.testing.ApiClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A device under load: polls (claiming its next job), reports IN_PROGRESS, then SUCCEEDED, each report with
 * {@code expected_version} and an id of its own, and resends a report whose answer it did not get (the server
 * went away, or answered 5xx) until it is answered. A 409 to a resend must recognise it (the earlier attempt
 * landed); anything else the device did not expect is a problem. It spreads its requests over the servers given.
 */
final class LoadDevice implements Runnable {
  private static final long IDLE_PAUSE_MILLIS = 20;
  private static final long RETRY_PAUSE_MILLIS = 100;

  final String uuid;
  private final List<ApiClient> servers;
  private final Answers answers;
  private final AtomicBoolean running;
  final Set<String> finished = ConcurrentHashMap.newKeySet();
  private int next;

  private String job;
  private int version;
  private String stage;
  private JsonObject pending;
  private boolean uncertain;
  private volatile JsonObject lastFinal;
  private volatile String lastFinalJob;

  LoadDevice(
      String uuid, String token, List<Integer> ports, Answers answers, AtomicBoolean running) {
    this.uuid = uuid;
    this.servers = ports.stream().map(p -> new ApiClient(p).as(token)).toList();
    this.answers = answers;
    this.running = running;
  }

  @Override
  public void run() {
    while (running.get()) {
      if (job == null) {
        poll();
      } else {
        report();
      }
    }
  }

  private ApiClient server() {
    next = (next + 1) % servers.size();
    return servers.get(next);
  }

  private void poll() {
    ApiClient.Response r =
        answers.call("pollNextJob", () -> server().get("/devices/" + uuid + "/jobs/next"));
    if (r != null && r.status() == 200) {
      JsonObject claimed = r.json();
      String id = claimed.getString("job_id");
      if (finished.contains(id)) {
        answers.problem(uuid + " was handed job " + id + " again after finishing it");
      }
      job = id;
      version = claimed.getInteger("version_number");
      stage = "IN_PROGRESS";
    } else {
      pause(r != null && r.status() == 204 ? IDLE_PAUSE_MILLIS : RETRY_PAUSE_MILLIS);
    }
  }

  private void report() {
    if (pending == null) {
      pending =
          new JsonObject()
              .put("status", stage)
              .put("expected_version", version)
              .put("stdout", stage.equals("SUCCEEDED") ? "done " + job : "")
              .put(
                  "status_details",
                  new JsonObject().put("report_id", UUID.randomUUID().toString()));
      uncertain = false;
    }
    JsonObject sent = pending;
    ApiClient.Response r =
        answers.call(
            "reportJobStatus",
            () -> server().patch("/devices/" + uuid + "/jobs/" + job + "/status", sent));
    if (r == null || r.status() >= 500) {
      // Landed or not: only the answer to the resend will tell.
      uncertain = true;
      pause(RETRY_PAUSE_MILLIS);
      return;
    }
    if (r.status() == 200) {
      accepted(sent, r.json().getJsonObject("execution").getInteger("version_number"));
    } else if (r.status() == 409) {
      conflict(sent, r.json().getJsonObject("current"));
    } else {
      answers.problem(uuid + " report " + sent.encode() + " on " + job + " answered " + r);
      job = null;
      pending = null;
    }
  }

  private void conflict(JsonObject sent, JsonObject current) {
    JsonObject last = current.getJsonObject("last_report", new JsonObject());
    ConflictVerdict verdict =
        ConflictVerdict.of(
            current.getString("status"),
            last.getJsonObject("status_details", new JsonObject()).getString("report_id"),
            reportId(sent));
    if (verdict == ConflictVerdict.LANDED && uncertain) {
      answers.recognisedResends.incrementAndGet();
      accepted(sent, current.getInteger("version_number"));
      return;
    }
    answers.problem(
        uuid + " report " + sent.encode() + " on " + job + ": " + verdict + ", current " + current);
    job = null;
    pending = null;
  }

  private void accepted(JsonObject report, int newVersion) {
    answers.acceptedReports.incrementAndGet();
    pending = null;
    version = newVersion;
    if (stage.equals("IN_PROGRESS")) {
      stage = "SUCCEEDED";
      return;
    }
    finished.add(job);
    lastFinal = report;
    lastFinalJob = job;
    job = null;
  }

  /**
   * Sends the last accepted final report again, as a device that lost its answer would: the server must
   * recognise it (409 with it as {@code last_report}) and change nothing. Null when it did; otherwise what
   * went wrong.
   */
  String resendLastFinal() {
    if (lastFinal == null) {
      return uuid + " finished no job";
    }
    ApiClient.Response r =
        answers.call(
            "reportJobStatus",
            () ->
                server()
                    .patch("/devices/" + uuid + "/jobs/" + lastFinalJob + "/status", lastFinal));
    if (r == null || r.status() != 409) {
      return uuid + " resent its final report on " + lastFinalJob + " and got " + r;
    }
    JsonObject current = r.json().getJsonObject("current");
    String landed =
        current
            .getJsonObject("last_report", new JsonObject())
            .getJsonObject("status_details", new JsonObject())
            .getString("report_id");
    return ConflictVerdict.of(current.getString("status"), landed, reportId(lastFinal))
            == ConflictVerdict.LANDED
        ? null
        : uuid + " resent report not recognised: " + r;
  }

  private static String reportId(JsonObject report) {
    return report.getJsonObject("status_details").getString("report_id");
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
