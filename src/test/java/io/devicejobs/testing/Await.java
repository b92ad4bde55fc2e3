package io.devicejobs.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true asynchronously and has no event to await (a counter, a state). */
public final class Await {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    until(LIMIT, what, condition);
  }

  /** With a limit of its own, for what takes long on a busy machine (a process that starts a database). */
  public static void until(Duration limit, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
