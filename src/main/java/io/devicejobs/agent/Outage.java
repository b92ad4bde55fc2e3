package io.devicejobs.agent;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Whether the server is unavailable (unreachable, or answering 502/503/504), for the log: one WARN when an
 * outage starts, DEBUG for each failed attempt during it, one INFO when the server answers again. A device that
 * cannot reach its server for an hour writes two lines, not one per attempt. Safe to use from any thread.
 */
public final class Outage {

  private final Logger log;
  private final String server;
  private final LongSupplier nanoClock;
  private volatile boolean ongoing;
  private long failures;
  private long startedAt;

  public Outage(Logger log, String server) {
    this(log, server, System::nanoTime);
  }

  Outage(Logger log, String server, LongSupplier nanoClock) {
    this.log = log;
    this.server = server;
    this.nanoClock = nanoClock;
  }

  /** An attempt found the server unavailable. */
  public synchronized void unavailable(String problem) {
    failures++;
    if (ongoing) {
      log.debug("{} still unavailable ({} failed attempts): {}", server, failures, problem);
      return;
    }
    ongoing = true;
    startedAt = nanoClock.getAsLong();
    log.warn("{} unavailable ({}); retrying with backoff", server, problem);
  }

  /** The server answered (whatever it said). */
  public void available() {
    if (!ongoing) {
      // The common case, without a lock: thousands of simulated devices answer here.
      return;
    }
    synchronized (this) {
      if (ongoing) {
        ongoing = false;
        log.info(
            "{} available again after {} s and {} failed attempts",
            server,
            Duration.ofNanos(nanoClock.getAsLong() - startedAt).toSeconds(),
            failures);
        failures = 0;
      }
    }
  }

  public boolean ongoing() {
    return ongoing;
  }
}
