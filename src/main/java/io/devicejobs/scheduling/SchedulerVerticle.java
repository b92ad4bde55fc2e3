package io.devicejobs.scheduling;

import io.devicejobs.config.AppConfig;
import io.devicejobs.db.Sightings;
import io.devicejobs.executions.ExecutionStore;
import io.devicejobs.jobs.JobLifecycleLog;
import io.devicejobs.jobs.JobMetrics;
import io.devicejobs.live.LiveRetention;
import io.devicejobs.security.CredentialStore;
import io.devicejobs.security.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work on a timer: timing out executions past their deadline, writing device presence in batches,
 * and forgetting old idempotency keys, job events and WebSocket tickets. Each task never overlaps itself.
 */
public final class SchedulerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);
  private static final int SWEEP_BATCH = 1_000;
  private static final long IDEMPOTENCY_RETENTION_SECONDS = 24 * 3600;
  private static final long IDEMPOTENCY_EXPIRY_EVERY_MS = 3_600_000;
  private static final long LIVE_RETENTION_EVERY_MS = 600_000;
  private static final long EXECUTION_RETENTION_EVERY_MS = 3_600_000;
  private static final int RETENTION_BATCH = 100;

  private final AppConfig config;
  private final ExecutionStore store;
  private final CredentialStore credentials;
  private final Sightings<UUID> presence;
  private final Sightings<String> keyUse;
  private final RateLimits rateLimits;
  private final JobMetrics jobMetrics;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final AtomicBoolean flushing = new AtomicBoolean();
  private final AtomicBoolean purgingLive = new AtomicBoolean();
  private final AtomicBoolean purgingJobs = new AtomicBoolean();
  private final LiveRetention liveRetention;

  public SchedulerVerticle(
      AppConfig config,
      ExecutionStore store,
      CredentialStore credentials,
      LiveRetention liveRetention,
      Sightings<UUID> presence,
      Sightings<String> keyUse,
      RateLimits rateLimits,
      JobMetrics jobMetrics) {
    this.config = config;
    this.store = store;
    this.credentials = credentials;
    this.liveRetention = liveRetention;
    this.presence = presence;
    this.keyUse = keyUse;
    this.rateLimits = rateLimits;
    this.jobMetrics = jobMetrics;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(config.sweepInterval().toMillis(), t -> sweepTimeouts());
    vertx.setPeriodic(config.presenceFlushInterval().toMillis(), t -> flushPresence());
    vertx.setPeriodic(
        config.presenceFlushInterval().toMillis(),
        t ->
            credentials
                .recordKeyUse(keyUse.drain())
                .onFailure(e -> LOG.warn("writing key use failed: {}", e.getMessage())));
    vertx.setPeriodic(60_000, t -> rateLimits.forgetIdle());
    vertx.setPeriodic(
        IDEMPOTENCY_EXPIRY_EVERY_MS,
        t ->
            store
                .expireIdempotencyKeys(IDEMPOTENCY_RETENTION_SECONDS)
                .onFailure(e -> LOG.warn("expiring idempotency keys failed: {}", e.getMessage())));
    vertx.setPeriodic(LIVE_RETENTION_EVERY_MS, t -> purgeLiveEvents());
    if (config.executionRetentionDays() > 0) {
      vertx.setPeriodic(EXECUTION_RETENTION_EVERY_MS, t -> purgeOldJobs());
    }
    vertx.setPeriodic(config.fleetMetricsInterval().toMillis(), t -> refreshFleetMetrics());
    return refreshFleetMetrics().otherwiseEmpty();
  }

  /** Times out overdue executions in batches until none is left; the count moved, or -1 if another instance sweeps. */
  public Future<Integer> sweepTimeouts() {
    if (!sweeping.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    Promise<Integer> done = Promise.promise();
    sweepBatches(0, done);
    return done.future().onComplete(r -> sweeping.set(false));
  }

  private void sweepBatches(int movedSoFar, Promise<Integer> done) {
    store
        .sweepTimeouts(config.timeoutGrace().toMillis(), SWEEP_BATCH)
        .onComplete(
            result -> {
              if (result.failed()) {
                LOG.warn("timeout sweep failed: {}", result.cause().getMessage());
                done.complete(movedSoFar);
                return;
              }
              Map<UUID, Integer> byJob = result.result();
              if (byJob == null) {
                done.complete(movedSoFar == 0 ? -1 : movedSoFar);
                return;
              }
              int moved = byJob.values().stream().mapToInt(Integer::intValue).sum();
              if (moved > 0) {
                // Each batch is its own committed transaction: counted and logged as it commits.
                jobMetrics.timedOut(moved);
                byJob.forEach(JobLifecycleLog::timedOut);
                store.finishedJobs(byJob.keySet()).onSuccess(JobLifecycleLog::finished);
              }
              if (moved == SWEEP_BATCH) {
                sweepBatches(movedSoFar + moved, done);
              } else {
                done.complete(movedSoFar + moved);
              }
            });
  }

  /**
   * Reads the fleet-wide QUEUED and IN_PROGRESS counts for the gauges: one small query per interval on each
   * instance, rather than one per scrape, so every instance shows the same values. Its success or failure is
   * also the database-ready gauge.
   */
  public Future<Void> refreshFleetMetrics() {
    return store
        .fleetCounts()
        .onSuccess(
            counts ->
                jobMetrics.fleetCounts(
                    counts.queued(), counts.inProgress(), System.currentTimeMillis()))
        .onFailure(
            e -> {
              jobMetrics.databaseUnavailable();
              LOG.warn("reading fleet counts failed: {}", e.getMessage());
            })
        .mapEmpty();
  }

  /** Deletes job events older than the replay window and expired WebSocket tickets; the events deleted. */
  public Future<Integer> purgeLiveEvents() {
    if (!purgingLive.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    return liveRetention
        .purge()
        .onFailure(e -> LOG.warn("purging job events failed: {}", e.getMessage()))
        .onComplete(r -> purgingLive.set(false));
  }

  /**
   * Deletes jobs that finished more than EXECUTION_RETENTION_DAYS ago, in batches (short transactions), until
   * none is left; the jobs deleted. Off (0 days) by default.
   */
  public Future<Integer> purgeOldJobs() {
    if (config.executionRetentionDays() == 0 || !purgingJobs.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    Promise<Integer> done = Promise.promise();
    purgeJobBatches(0, done);
    return done.future().onComplete(r -> purgingJobs.set(false));
  }

  private void purgeJobBatches(int soFar, Promise<Integer> done) {
    store
        .purgeFinishedJobs(config.executionRetentionDays(), RETENTION_BATCH)
        .onComplete(
            result -> {
              if (result.failed()) {
                LOG.warn("purging old jobs failed: {}", result.cause().getMessage());
                done.complete(soFar);
              } else if (result.result() == RETENTION_BATCH) {
                purgeJobBatches(soFar + RETENTION_BATCH, done);
              } else {
                int purged = soFar + result.result();
                if (purged > 0) {
                  LOG.info(
                      "jobs purged: {} finished more than {} days ago",
                      purged,
                      config.executionRetentionDays());
                }
                done.complete(purged);
              }
            });
  }

  /** Writes the sightings gathered since the last flush. */
  public Future<Integer> flushPresence() {
    if (!flushing.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    return store
        .recordPresence(presence.drain())
        .onFailure(e -> LOG.warn("writing device presence failed: {}", e.getMessage()))
        .onComplete(r -> flushing.set(false));
  }

  @Override
  public Future<?> stop() {
    // Sightings since the last flush are not lost on a clean stop.
    return flushPresence().otherwiseEmpty();
  }
}
