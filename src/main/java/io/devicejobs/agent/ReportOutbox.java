package io.devicejobs.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The way every resendable report goes out: into the {@link Spool} first, then to the server, in order. A
 * report leaves the spool when the server has it (even if only an earlier attempt's answer says so), or when
 * it can no longer apply; otherwise it waits for the next {@link #flush()}. So each report takes effect once.
 */
final class ReportOutbox {

  private static final Logger LOG = LoggerFactory.getLogger(ReportOutbox.class);

  /** Rebasing on the current version more often than this in a row means something else keeps changing it. */
  private static final int MAX_REBASES = 3;

  /** Hears what the server said about a job's reports. */
  interface Listener {
    /** The server has a report on the job; its execution is now at {@code version}. */
    void confirmed(UUID jobId, int version);

    /** The job's execution is over on the server without this device's say (canceled, timed out, removed). */
    void ended(UUID jobId, String status);
  }

  /**
   * How a flush went.
   *
   * @param retryAfter when the spool is not empty: the server's Retry-After, if it sent one
   */
  record Flush(boolean empty, Optional<Duration> retryAfter) {}

  private final Spool spool;
  private final ReportDelivery delivery;
  private final Listener listener;
  private boolean holding;
  private long notBefore;

  ReportOutbox(Spool spool, ReportDelivery delivery, Listener listener) {
    this.spool = spool;
    this.delivery = delivery;
    this.listener = listener;
  }

  void add(UUID jobId, ObjectNode report) throws IOException {
    spool.add(jobId, report);
  }

  /**
   * Sends the waiting reports, oldest first, stopping at the first that has to wait. Before the server's
   * Retry-After is over it sends nothing, whoever calls (the job's end, a heartbeat, the poll loop).
   */
  synchronized Flush flush() throws IOException, InterruptedException {
    long left = notBefore - System.nanoTime();
    if (holding && left > 0 && !spool.pending().isEmpty()) {
      return new Flush(false, Optional.of(Duration.ofNanos(left)));
    }
    holding = false;
    List<SpooledReport> pending = spool.pending();
    for (SpooledReport report : pending) {
      Optional<ReportDelivery.RetryLater> wait = deliver(report);
      if (wait.isPresent()) {
        ReportDelivery.RetryLater later = wait.get();
        // During an outage the client logged its start once; each attempt is only DEBUG.
        Level level = later.unavailable() ? Level.DEBUG : Level.WARN;
        LOG.atLevel(level)
            .log(
                "{} not delivered yet ({}); {} report(s) waiting",
                report,
                later.why(),
                spool.pending().size());
        later
            .retryAfter()
            .ifPresent(
                asked -> {
                  holding = true;
                  notBefore = System.nanoTime() + asked.toNanos();
                });
        return new Flush(false, later.retryAfter());
      }
    }
    return new Flush(true, Optional.empty());
  }

  private Optional<ReportDelivery.RetryLater> deliver(SpooledReport report)
      throws IOException, InterruptedException {
    SpooledReport attempt = report;
    for (int rebases = 0; ; rebases++) {
      ReportDelivery.Result result =
          delivery.send(attempt.jobId(), attempt.report(), attempt.reportId());
      if (result instanceof ReportDelivery.Stale stale && rebases < MAX_REBASES) {
        attempt = attempt.withExpectedVersion(stale.currentVersion());
        spool.update(attempt);
        continue;
      }
      return settle(attempt, result);
    }
  }

  private Optional<ReportDelivery.RetryLater> settle(
      SpooledReport report, ReportDelivery.Result result) throws IOException {
    if (result instanceof ReportDelivery.RetryLater later) {
      return Optional.of(later);
    }
    if (result instanceof ReportDelivery.Stale stale) {
      return Optional.of(
          new ReportDelivery.RetryLater(
              Optional.empty(),
              "the execution keeps changing version (now " + stale.currentVersion() + ")",
              false));
    }
    spool.remove(report);
    if (result instanceof ReportDelivery.Delivered delivered) {
      if (delivered.byEarlierAttempt()) {
        LOG.info("{} had already landed; not applied twice", report);
      }
      listener.confirmed(report.jobId(), delivered.version());
    } else if (result instanceof ReportDelivery.Ended ended) {
      LOG.info("{} dropped: the execution is {} on the server", report, ended.status());
      listener.ended(report.jobId(), ended.status());
    } else if (result instanceof ReportDelivery.Refused refused) {
      LOG.warn("{} dropped: the server refused it ({})", report, refused.why());
    }
    return Optional.empty();
  }
}
