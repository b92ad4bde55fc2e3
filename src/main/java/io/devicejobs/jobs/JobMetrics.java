package io.devicejobs.jobs;

import io.devicejobs.jobs.rules.ExecutionStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The domain series of /metrics (devicejobs_*, documented in docs/metrics.md). Each is counted where its outcome is
 * decided, after the database accepted it; labels only take values from small fixed sets or the template catalogue,
 * never a device uuid or job id. Counters are per instance (sum them); the fleet gauges are the same on every
 * instance (take the max).
 */
public final class JobMetrics {
  /** How a poll ended: with a job to run, with nothing (204), or refused (bad uuid, unknown device, failure). */
  public enum PollOutcome {
    JOB,
    EMPTY,
    ERROR
  }

  /** How a status report ended. */
  public enum ReportOutcome {
    ACCEPTED,
    CONFLICT,
    INVALID,
    NOT_FOUND,
    ERROR
  }

  /** The template label of jobs executed from an inline document. */
  public static final String INLINE = "inline";

  private final MeterRegistry registry;
  private final Map<PollOutcome, Counter> polls = new EnumMap<>(PollOutcome.class);
  private final Map<ReportOutcome, Counter> reports = new EnumMap<>(ReportOutcome.class);
  private final Map<ExecutionStatus, Counter> finished = new EnumMap<>(ExecutionStatus.class);
  private final Counter claims;
  private final Counter timeoutsSwept;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong inProgress = new AtomicLong();
  private final AtomicLong fleetRefreshedAt = new AtomicLong();
  private final AtomicLong databaseReady = new AtomicLong();

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (PollOutcome outcome : PollOutcome.values()) {
      polls.put(
          outcome,
          Counter.builder("devicejobs.polls")
              .tag("outcome", label(outcome))
              .description("Device polls for the next job, by outcome")
              .register(registry));
    }
    for (ReportOutcome outcome : ReportOutcome.values()) {
      reports.put(
          outcome,
          Counter.builder("devicejobs.reports")
              .tag("outcome", label(outcome))
              .description("Device status reports, by outcome")
              .register(registry));
    }
    for (ExecutionStatus status : ExecutionStatus.values()) {
      if (status.isTerminal()) {
        finished.put(
            status,
            Counter.builder("devicejobs.executions.finished")
                .tag("status", status.name())
                .description("Executions that reached a terminal status on this instance")
                .register(registry));
      }
    }
    claims =
        Counter.builder("devicejobs.claims")
            .description("Queued executions moved to IN_PROGRESS by a device's poll")
            .register(registry);
    timeoutsSwept =
        Counter.builder("devicejobs.timeouts.swept")
            .description("IN_PROGRESS executions moved to TIMED_OUT by the timeout sweep")
            .register(registry);
    Gauge.builder("devicejobs.executions.queued", queued::get)
        .description(
            "QUEUED executions fleet-wide (refreshed periodically; same on every instance)")
        .register(registry);
    Gauge.builder("devicejobs.executions.in.progress", inProgress::get)
        .description(
            "IN_PROGRESS executions fleet-wide (refreshed periodically; same on every instance)")
        .register(registry);
    Gauge.builder("devicejobs.fleet.counts.refreshed", () -> fleetRefreshedAt.get() / 1000.0)
        .description(
            "When the fleet-wide execution gauges were last read from the database (Unix seconds)")
        .register(registry);
    Gauge.builder("devicejobs.database.ready", databaseReady::get)
        .description("1 when this instance's last periodic database query succeeded, else 0")
        .register(registry);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** One increment: the poll path affords nothing more. */
  public void poll(PollOutcome outcome) {
    polls.get(outcome).increment();
  }

  public void claimed() {
    claims.increment();
  }

  public void report(ReportOutcome outcome) {
    reports.get(outcome).increment();
  }

  /** {@code count} executions reached the terminal {@code status} (a report, the sweep, a cancel, a deletion). */
  public void finished(ExecutionStatus status, long count) {
    if (count > 0) {
      finished.get(status).increment(count);
    }
  }

  public void timedOut(long count) {
    timeoutsSwept.increment(count);
    finished(ExecutionStatus.TIMED_OUT, count);
  }

  /** A job was created from this template (name), or {@link #INLINE}; the catalogue bounds the label's values. */
  public void jobCreated(String template) {
    Counter.builder("devicejobs.job.creations")
        .tag("template", template == null ? INLINE : template)
        .description("Jobs created (executes and reruns), by template name")
        .register(registry)
        .increment();
  }

  /** The fleet-wide counts as last read: the database answers. */
  public void fleetCounts(long queuedNow, long inProgressNow, long readAtMillis) {
    queued.set(queuedNow);
    inProgress.set(inProgressNow);
    fleetRefreshedAt.set(readAtMillis);
    databaseReady.set(1);
  }

  /** The periodic read failed: the database is not answering this instance. */
  public void databaseUnavailable() {
    databaseReady.set(0);
  }
}
