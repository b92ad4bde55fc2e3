package io.devicejobs.agent;

import java.time.Duration;

/** A sleep that {@link #wakeForGood()} ends at once, and every later one too: how a stopping agent stops waiting. */
final class Pause {

  private boolean woken;

  synchronized void sleep(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); !woken && left > 0; left = end - System.nanoTime()) {
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized void wakeForGood() {
    woken = true;
    notifyAll();
  }
}
