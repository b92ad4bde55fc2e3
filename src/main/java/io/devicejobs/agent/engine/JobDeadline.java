package io.devicejobs.agent.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * By when a job must end, read from the engine's clock, and the timeout the job was given. Reasons name
 * that timeout, not the time left when the engine started: a loaded device starts a job some milliseconds
 * after the claim, and a resumed job starts with less than its timeout left.
 */
record JobDeadline(Clock clock, Instant deadline, Duration timeout) {

  Duration remaining() {
    return Duration.between(clock.instant(), deadline);
  }

  boolean hasPassed() {
    return !clock.instant().isBefore(deadline);
  }
}
