package io.devicejobs.agent;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something another thread or process makes happen, looking every few milliseconds. */
final class Eventually {

  private static final long LOOK_EVERY_MILLIS = 20;

  private Eventually() {}

  /** The first non-null value the supplier gives within the time limit. */
  static <T> T get(Duration limit, String what, Supplier<T> value) {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      T found = value.get();
      if (found != null) {
        return found;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("waited " + limit.toMillis() + " ms for " + what);
      }
      try {
        Thread.sleep(LOOK_EVERY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  static void until(Duration limit, String what, BooleanSupplier condition) {
    get(limit, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }
}
