package io.devicejobs.agent;

import io.devicejobs.agent.engine.JobEngine;
import io.devicejobs.agent.engine.OutputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The device agent: polls the server for its next job, runs it with the {@link JobEngine}, reports. One job
 * at a time; all talking to the server happens on the agent's own thread, the job's processes are run from
 * a second one.
 *
 * <p>Before every poll the spool of unsent reports is flushed: nothing new starts while the server does not
 * yet know how the last job ended. Polls come at the configured interval with ±10 % jitter while there is
 * nothing to do, right away after a job, and after failures with an exponential backoff, never shorter than
 * the server's Retry-After. An unavailable server (unreachable, or 502/503/504) is one outage in the log: one
 * WARN when it starts, one INFO when it ends, DEBUG in between.
 */
public final class Agent {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /**
   * Output kept per stream: more than the server stores (64 KiB, the tail), so that the server is the one
   * that cuts and flags the truncation; small enough that both streams, JSON-escaped, fit the 1 MiB body.
   */
  public static final int OUTPUT_BYTES_PER_STREAM = 72 * 1024;

  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final AgentConfig config;
  private final CloudApi api;
  private final JobEngine engine;
  private final ExecutorService jobThread;
  private final CurrentJob current;
  private final Journal journal;
  private final ReportOutbox outbox;
  private final JobRunner runner;
  private final Backoff backoff;
  private final Pause pause = new Pause();
  private final Clock clock = Clock.systemUTC();
  private final Thread loop;
  private volatile boolean stopping;

  public Agent(AgentConfig config) throws IOException {
    this.config = config;
    AtomicFiles.privateDirectory(config.stateDir());
    Files.createDirectories(config.workDir());
    this.api = new CloudApi(config.serverUrl(), config.deviceUuid(), config.deviceToken());
    LibraryHandlerResolver handlers = new LibraryHandlerResolver(api, config.handlerDir());
    this.current = new CurrentJob(this::cancelRunningJob);
    this.engine =
        new JobEngine(
            handlers,
            OutputLimits.perStream(OUTPUT_BYTES_PER_STREAM),
            current,
            clock,
            config.workDir());
    this.jobThread = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "agent-job"));
    this.journal = new Journal(config.journalFile());
    ReportDelivery delivery = new ReportDelivery(api);
    this.outbox = new ReportOutbox(new Spool(config.spoolDir()), delivery, current);
    this.runner =
        new JobRunner(
            engine,
            jobThread,
            current,
            journal,
            outbox,
            delivery,
            config.heartbeatInterval(),
            () -> stopping,
            clock);
    this.backoff = new Backoff(config.minBackoff(), config.maxBackoff(), Math::random);
    this.loop = daemon(this::runLoop, "agent-loop");
  }

  public void start() {
    LOG.info(
        "agent for device {} polling {} every {} ms (state in {})",
        config.deviceUuid(),
        config.serverUrl(),
        config.pollInterval().toMillis(),
        config.stateDir());
    loop.start();
  }

  /**
   * Stops cleanly: no new poll; a running job has its processes killed and is reported FAILED (the report
   * stays in the spool if the server cannot be reached). Returns when the agent has stopped, or after 30 s.
   */
  public void stop() throws InterruptedException {
    stopping = true;
    pause.wakeForGood();
    engine.cancel();
    loop.join(STOP_WAIT.toMillis());
    if (loop.isAlive()) {
      LOG.warn("the agent did not stop within {} s; abandoning its work", STOP_WAIT.toSeconds());
      halt();
    }
    jobThread.shutdown();
  }

  /**
   * Stops at once, as a crash would: the running job's processes are killed but nothing is reported, and
   * the journal and the spool stay as they are for the next start to deal with.
   */
  public void halt() throws InterruptedException {
    stopping = true;
    loop.interrupt();
    engine.cancel();
    loop.join(STOP_WAIT.toMillis());
    jobThread.shutdownNow();
  }

  public boolean isRunning() {
    return loop.isAlive();
  }

  private void runLoop() {
    // device_uuid as a field of its own on every line of this loop (LOG_FORMAT=json); several
    // agents can
    // share one process (the simulator, tests).
    MDC.put("device_uuid", config.deviceUuid().toString());
    try {
      while (!stopping) {
        try {
          step();
        } catch (IOException e) {
          // The state directory failed us (disk full, permissions):
          // nothing can be run safely until it works.
          LOG.error("agent state in {} is not usable: {}", config.stateDir(), e.toString());
          pause.sleep(backoff.next());
        }
      }
      // One last attempt for what the stop itself produced,
      // e.g. the report on the job it interrupted.
      outbox.flush();
    } catch (InterruptedException e) {
      LOG.info("agent halted");
      return;
    } catch (IOException e) {
      LOG.error("reports left in the spool: {}", e.toString());
    }
    LOG.info("agent stopped");
  }

  private void step() throws IOException, InterruptedException {
    ReportOutbox.Flush flush = outbox.flush();
    if (!flush.empty()) {
      // The reports stay in the spool; nothing new starts before they are delivered.
      pause.sleep(backoff.next(flush.retryAfter()));
      return;
    }
    HttpAnswer answer;
    try {
      answer = api.pollNextJob();
    } catch (IOException e) {
      failed("poll failed: " + e, Optional.empty());
      return;
    }
    if (answer.status() == 200) {
      backoff.reset();
      runner.run(PolledJob.from(answer.body(), clock.instant()));
    } else if (answer.status() == 204) {
      backoff.reset();
      // The server runs nothing for this device, so a job the journal names has ended there.
      journal.clear();
      pause.sleep(Jitter.around(config.pollInterval(), Math::random));
    } else {
      failed("poll answered " + answer.message(), answer.retryAfter());
    }
  }

  /** Backs off, at least as long as the server's Retry-After asks. */
  private void failed(String problem, Optional<Duration> retryAfter) throws InterruptedException {
    Duration wait = backoff.next(retryAfter);
    if (api.inOutage()) {
      // The outage's first WARN is logged once by the client; not one line per attempt.
      LOG.debug("{}; next poll in {} ms", problem, wait.toMillis());
    } else {
      LOG.warn("{}; next poll in {} ms", problem, wait.toMillis());
    }
    pause.sleep(wait);
  }

  private void cancelRunningJob() {
    engine.cancel();
  }

  private static Thread daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }
}
