package io.devicejobs.testing;

import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true asynchronously and has no event to await (a counter, a state). */
public final class Await {
  private static final long LIMIT_NANOS = 30_000_000_000L;

  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LIMIT_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
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
