package io.devicejobs.agent;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Spreads a fleet's polls: each pause is the interval give or take a tenth, so devices drift apart. */
public final class Jitter {

  public static final double SPREAD = 0.10;

  private Jitter() {}

  /** @param random a value in [0, 1) */
  public static Duration around(Duration interval, DoubleSupplier random) {
    double factor = 1 - SPREAD + 2 * SPREAD * random.getAsDouble();
    return Duration.ofMillis(Math.round(interval.toMillis() * factor));
  }
}
