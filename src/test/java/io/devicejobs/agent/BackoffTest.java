package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final double TOP = 0.999_999_999;

  @Test
  void pausesDoubleUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> TOP);

    assertEquals(List.of(99L, 199L, 399L, 799L, 999L, 999L), millis(backoff, 6));
    assertEquals(6, backoff.failures());
  }

  @Test
  void eachPauseIsBetweenHalfAndAllOfItsCeiling() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0);

    assertEquals(List.of(50L, 100L, 200L, 400L, 500L), millis(low, 5));
  }

  @Test
  void retryAfterIsAFloorAndTheBackoffKeepsGrowingUnderIt() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> TOP);
    Optional<Duration> asked = Optional.of(Duration.ofMillis(300));

    assertEquals(
        List.of(300L, 300L, 399L, 799L, 999L),
        IntStream.range(0, 5).mapToObj(i -> backoff.next(asked).toMillis()).toList());
    assertEquals(
        99,
        new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> TOP)
            .next(Optional.empty())
            .toMillis());
  }

  @Test
  void aSuccessStartsOver() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> TOP);
    millis(backoff, 10);

    backoff.reset();

    assertEquals(999, backoff.next().toMillis());
  }

  @Test
  void manyFailuresNeverOverflow() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), () -> TOP);

    List<Long> pauses = millis(backoff, 200);

    assertEquals(299_999L, pauses.get(199));
  }

  @Test
  void theFirstPauseMustBePositiveAndWithinTheCap() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0));
  }

  @Test
  void pollJitterStaysWithinATenth() {
    Duration interval = Duration.ofSeconds(30);

    assertEquals(27_000, Jitter.around(interval, () -> 0).toMillis());
    assertEquals(30_000, Jitter.around(interval, () -> 0.5).toMillis());
    assertEquals(33_000, Jitter.around(interval, () -> TOP).toMillis());
  }

  private static List<Long> millis(Backoff backoff, int count) {
    List<Long> pauses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pauses.add(backoff.next().toMillis());
    }
    return pauses;
  }
}
