package io.devicejobs.agent;

import io.devicejobs.agent.engine.JobEngine;
import io.devicejobs.agent.engine.JobOutcome;
import io.devicejobs.agent.engine.JobOutline;
import io.devicejobs.agent.engine.JobResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one polled job from start to final report: journal, IN_PROGRESS, the engine on the job thread with
 * heartbeats meanwhile, then SUCCEEDED, FAILED or REJECTED through the outbox.
 */
final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** How often a stop or a cancel from the server is looked for while the job runs. */
  private static final long CHECK_MILLIS = 100;

  private final JobEngine engine;
  private final ExecutorService jobThread;
  private final CurrentJob current;
  private final Journal journal;
  private final ReportOutbox outbox;
  private final ReportDelivery heartbeats;
  private final Duration heartbeatInterval;
  private final BooleanSupplier stopping;
  private final Clock clock;

  JobRunner(
      JobEngine engine,
      ExecutorService jobThread,
      CurrentJob current,
      Journal journal,
      ReportOutbox outbox,
      ReportDelivery heartbeats,
      Duration heartbeatInterval,
      BooleanSupplier stopping,
      Clock clock) {
    this.engine = engine;
    this.jobThread = jobThread;
    this.current = current;
    this.journal = journal;
    this.outbox = outbox;
    this.heartbeats = heartbeats;
    this.heartbeatInterval = heartbeatInterval;
    this.stopping = stopping;
    this.clock = clock;
  }

  /** @throws InterruptedException when the agent is halted: then nothing more is written or sent */
  void run(PolledJob job) throws IOException, InterruptedException {
    // job_id as a field of its own on every line about this job (LOG_FORMAT=json).
    try (MDC.MDCCloseable ignored = MDC.putCloseable("job_id", job.jobId().toString())) {
      runLogged(job);
    }
  }

  private void runLogged(PolledJob job) throws IOException, InterruptedException {
    Optional<JournalEntry> started = journal.read();
    if (started.isPresent() && started.get().isSameExecution(job)) {
      LOG.warn(
          "job {} \"{}\" was started before the agent restarted: reporting it FAILED, not running it again",
          job.jobId(),
          job.jobName());
      outbox.add(job.jobId(), ReportBodies.restartedMidJob(started.get(), job.version()));
      journal.clear();
      outbox.flush();
      return;
    }
    JobOutline outline = JobEngine.outline(job.document());
    if (outline.isRejected()) {
      LOG.info("job {} \"{}\" rejected: {}", job.jobId(), job.jobName(), outline.rejection());
      outbox.add(job.jobId(), ReportBodies.rejected(outline.rejection(), job.version()));
      outbox.flush();
      return;
    }
    if (stopping.getAsBoolean()) {
      // Nothing has run: after a restart the server hands the job back and it runs then.
      return;
    }
    execute(job, new JobSession(job, new JobProgress(outline.steps())));
  }

  private void execute(PolledJob job, JobSession session) throws IOException, InterruptedException {
    Instant startedAt = clock.instant();
    journal.record(JournalEntry.startingNow(job, startedAt));
    current.begin(session);
    try {
      LOG.info(
          "job {} \"{}\" started: {} step(s), timeout {}s",
          job.jobId(),
          job.jobName(),
          session.progress().stepCount(),
          job.timeoutSeconds());
      outbox.add(job.jobId(), ReportBodies.started(session.progress().snapshot(), job.version()));
      outbox.flush();
      if (session.endedOnServer() != null) {
        // Canceled between the claim and the start: nothing has run.
        finish(session, null, Duration.ZERO);
        return;
      }
      Future<JobResult> running =
          jobThread.submit(() -> engine.run(job.document(), job.deadline(), job.timeout()));
      JobResult result = awaitWithHeartbeats(session, running);
      finish(session, result, Duration.between(startedAt, clock.instant()));
    } finally {
      current.end();
    }
  }

  /** @param result how the engine ended the job; null when it never ran */
  private void finish(JobSession session, JobResult result, Duration took)
      throws IOException, InterruptedException {
    PolledJob job = session.job();
    String endedOnServer = session.endedOnServer();
    if (endedOnServer != null) {
      LOG.info(
          "job {} \"{}\" stopped after {} ms: the execution is {} on the server",
          job.jobId(),
          job.jobName(),
          took.toMillis(),
          endedOnServer);
      journal.clear();
      return;
    }
    // The report is in the spool before the journal
    // forgets the job: one of them always accounts for it.
    outbox.add(
        job.jobId(),
        ReportBodies.finished(result, session.progress().snapshot(), session.version()));
    journal.clear();
    LOG.info(
        "job {} \"{}\" finished after {} ms: {}{}",
        job.jobId(),
        job.jobName(),
        took.toMillis(),
        result.outcome() == JobOutcome.CANCELED ? "FAILED" : result.outcome(),
        result.reason() == null ? "" : " (" + result.reason() + ")");
    outbox.flush();
  }

  private JobResult awaitWithHeartbeats(JobSession session, Future<JobResult> running)
      throws IOException, InterruptedException {
    long nextHeartbeat = System.nanoTime() + heartbeatInterval.toNanos();
    while (true) {
      if (stopping.getAsBoolean() || session.endedOnServer() != null) {
        // Repeated until the engine notices: a cancel that
        // comes before the engine has started misses it.
        engine.cancel();
      }
      long untilHeartbeat = TimeUnit.NANOSECONDS.toMillis(nextHeartbeat - System.nanoTime());
      try {
        return running.get(
            Math.max(1, Math.min(CHECK_MILLIS, untilHeartbeat)), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (System.nanoTime() - nextHeartbeat >= 0) {
          heartbeat(session);
          nextHeartbeat = System.nanoTime() + heartbeatInterval.toNanos();
        }
      } catch (ExecutionException e) {
        LOG.error("the job engine failed on job {}", session.jobId(), e.getCause());
        return new JobResult(
            JobOutcome.FAILED,
            false,
            null,
            null,
            "",
            false,
            false,
            0,
            null,
            "the agent failed to run the job: " + e.getCause());
      }
    }
  }

  /** IN_PROGRESS with the progress so far; the answer may say the execution was canceled meanwhile. */
  private void heartbeat(JobSession session) throws IOException, InterruptedException {
    if (!outbox.flush().empty() || session.endedOnServer() != null) {
      // A heartbeat must not overtake a report still waiting; and an ended execution takes none.
      return;
    }
    ReportDelivery.Result result =
        heartbeats.send(
            session.jobId(),
            ReportBodies.heartbeat(session.progress().snapshot(), session.version()),
            null);
    if (result instanceof ReportDelivery.Delivered delivered) {
      current.confirmed(session.jobId(), delivered.version());
    } else if (result instanceof ReportDelivery.Stale stale) {
      current.confirmed(session.jobId(), stale.currentVersion());
    } else if (result instanceof ReportDelivery.Ended ended) {
      LOG.info(
          "job {}: the execution is {} on the server; stopping it",
          session.jobId(),
          ended.status());
      current.ended(session.jobId(), ended.status());
    } else {
      LOG.debug("heartbeat for job {} not delivered: {}", session.jobId(), result);
    }
  }
}
