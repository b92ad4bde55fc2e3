package io.devicejobs.live.socket;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;

/**
 * Watches one socket's write queue. Writing never waits, so a slow reader delays nobody; but a queue that stays
 * full for longer than the grace period, or that grows far past its limit meanwhile, means the reader cannot keep
 * up, and {@code tooSlow} runs (once).
 */
final class WriteBackpressure {
  /** How much may pile up past the limit while waiting for a drain, as a multiple of the limit. */
  private static final int HARD_LIMIT_FACTOR = 8;

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final long graceMs;
  private final long hardLimitBytes;
  private final Runnable tooSlow;
  private boolean full;
  private boolean gaveUp;
  private long bytesWhileFull;
  private long timer = -1;

  WriteBackpressure(
      Vertx vertx, ServerWebSocket ws, int queueBytes, Duration grace, Runnable tooSlow) {
    this.vertx = vertx;
    this.ws = ws;
    this.graceMs = grace.toMillis();
    this.hardLimitBytes = (long) queueBytes * HARD_LIMIT_FACTOR;
    this.tooSlow = tooSlow;
    ws.setWriteQueueMaxSize(queueBytes);
    ws.drainHandler(v -> drained());
  }

  /** After each write. */
  void written(int chars) {
    if (gaveUp || ws.isClosed()) {
      return;
    }
    if (full) {
      bytesWhileFull += chars;
      if (bytesWhileFull > hardLimitBytes) {
        giveUp();
      }
    } else if (ws.writeQueueFull()) {
      full = true;
      bytesWhileFull = 0;
      timer =
          vertx.setTimer(
              graceMs,
              t -> {
                timer = -1;
                if (full) {
                  giveUp();
                }
              });
    }
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void drained() {
    full = false;
    vertx.cancelTimer(timer);
    timer = -1;
  }

  private void giveUp() {
    if (!gaveUp) {
      gaveUp = true;
      stop();
      tooSlow.run();
    }
  }
}
