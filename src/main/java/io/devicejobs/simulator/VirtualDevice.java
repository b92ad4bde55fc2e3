package io.devicejobs.simulator;

import io.devicejobs.agent.Backoff;
import io.devicejobs.agent.Jitter;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device, living on one event loop: polls at its interval (with jitter), and for a job reports
 * IN_PROGRESS, performs it, reports how it ended, and polls again at once. Failed polls back off.
 */
final class VirtualDevice {

  private static final Logger LOG = LoggerFactory.getLogger(VirtualDevice.class);

  private final SimulatedDevice identity;
  private final FleetHttp http;
  private final DeviceReporter reporter;
  private final SimulatedWork work;
  private final SimulatorStats stats;
  private final Duration pollInterval;
  private final boolean logJobs;
  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Math::random);
  private final String pollPath;
  private volatile boolean stopped;
  private Scheduler scheduler;

  VirtualDevice(
      SimulatedDevice identity,
      FleetHttp http,
      DeviceReporter reporter,
      SimulatedWork work,
      SimulatorStats stats,
      Duration pollInterval,
      boolean logJobs) {
    this.identity = identity;
    this.http = http;
    this.reporter = reporter;
    this.work = work;
    this.stats = stats;
    this.pollInterval = pollInterval;
    this.logJobs = logJobs;
    this.pollPath = "/devices/" + identity.uuid() + "/jobs/next";
  }

  /** Runs an action on the device's event loop after a delay in milliseconds. */
  interface Scheduler {
    void after(long millis, Runnable action);
  }

  /**
   * Must be called on the event loop the device is to live on.
   *
   * @param scheduler that loop's clock, for the polls
   */
  void start(Scheduler scheduler, long delayMillis) {
    this.scheduler = scheduler;
    pollIn(delayMillis);
  }

  /** No further polls; a job under way still reports. */
  void stop() {
    stopped = true;
  }

  private void pollIn(long millis) {
    if (!stopped) {
      scheduler.after(millis, this::poll);
    }
  }

  private void poll() {
    if (stopped) {
      return;
    }
    stats.polls.increment();
    http.send(HttpMethod.GET, pollPath, identity.token(), null)
        .onComplete(
            result -> {
              if (result.failed()) {
                pollFailed(Optional.empty());
                return;
              }
              FleetHttp.Answer answer = result.result();
              if (answer.status() == 204) {
                backoff.reset();
                pollIn(
                    Jitter.around(pollInterval, () -> ThreadLocalRandom.current().nextDouble())
                        .toMillis());
              } else if (answer.status() == 200) {
                backoff.reset();
                run(answer.json());
              } else {
                pollFailed(answer.retryAfter());
              }
            });
  }

  private void pollFailed(Optional<Duration> retryAfter) {
    stats.pollErrors.increment();
    pollIn(backoff.next(retryAfter).toMillis());
  }

  private void run(JsonObject job) {
    stats.jobsStarted.increment();
    UUID jobId = UUID.fromString(job.getString("job_id"));
    JsonObject started =
        new JsonObject()
            .put("status", "IN_PROGRESS")
            .put("status_details", new JsonObject().put("simulated", true));
    reporter
        .send(identity, jobId, started, job.getInteger("version_number"))
        .compose(
            sent ->
                sent.endedOnServer() != null
                    ? Future.succeededFuture(sent)
                    : work.perform(identity, job)
                        .compose(
                            outcome ->
                                reporter
                                    .send(identity, jobId, outcome, sent.version())
                                    .map(
                                        last -> {
                                          count(jobId, outcome.getString("status"), last);
                                          return last;
                                        })))
        .onComplete(
            done -> {
              if (done.failed()) {
                LOG.warn(
                    "{}: job {} not reported: {}", identity.name(), jobId, done.cause().toString());
              } else if (done.result().endedOnServer() != null) {
                stats.jobsEndedByServer.increment();
              }
              // After a job, straight back for the next one, as the agent does.
              pollIn(0);
            });
  }

  private void count(UUID jobId, String status, DeviceReporter.Sent sent) {
    if (sent.endedOnServer() != null) {
      return;
    }
    if ("SUCCEEDED".equals(status)) {
      stats.jobsSucceeded.increment();
    } else {
      stats.jobsFailed.increment();
    }
    if (logJobs) {
      LOG.info("{}: job {} {}", identity.name(), jobId, status);
    }
  }
}
