package io.devicejobs.agent.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When a job started and by when it must end, read from the engine's clock. */
record JobDeadline(Clock clock, Instant startedAt, Instant deadline) {

  static JobDeadline startingNow(Clock clock, Instant deadline) {
    return new JobDeadline(clock, clock.instant(), deadline);
  }

  Duration remaining() {
    return Duration.between(clock.instant(), deadline);
  }

  boolean hasPassed() {
    return !clock.instant().isBefore(deadline);
  }

  /** The time the job was given, for "timed out after 30s". */
  Duration budget() {
    return Duration.between(startedAt, deadline);
  }
}
