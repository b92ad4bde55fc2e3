package io.devicejobs.agent;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Pauses after consecutive failures: the first is {@code first}, each next one twice as long, never more than
 * {@code longest}. Each pause is drawn between half and all of that, so a fleet that lost its server does not
 * come back in lockstep.
 */
public final class Backoff {

  private final Duration first;
  private final Duration longest;
  private final DoubleSupplier random;
  private int failures;

  /** @param random values in [0, 1) */
  public Backoff(Duration first, Duration longest, DoubleSupplier random) {
    if (first.isNegative() || first.isZero() || first.compareTo(longest) > 0) {
      throw new IllegalArgumentException("need 0 < first <= longest");
    }
    this.first = first;
    this.longest = longest;
    this.random = random;
  }

  /** The pause after one more failure. */
  public Duration next() {
    Duration ceiling = ceiling(failures);
    if (failures < Integer.MAX_VALUE) {
      failures++;
    }
    long half = ceiling.toMillis() / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling.toMillis() - half)));
  }

  /**
   * The pause after one more failure, but never shorter than what the server asked for: its Retry-After is a
   * floor, and the backoff keeps growing over a long outage.
   */
  public Duration next(Optional<Duration> retryAfter) {
    Duration backoff = next();
    return retryAfter.filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff);
  }

  /** A success: the next failure starts again from {@code first}. */
  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }

  private Duration ceiling(int doublings) {
    // 2^62 overflows nothing; beyond that the cap has long been reached.
    long factor = 1L << Math.min(doublings, 62);
    long millis =
        first.toMillis() > longest.toMillis() / factor
            ? longest.toMillis()
            : first.toMillis() * factor;
    return Duration.ofMillis(Math.min(millis, longest.toMillis()));
  }
}
