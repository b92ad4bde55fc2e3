package io.devicejobs.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SightingsTest {
  private static Map<Integer, Instant> batch(int n) {
    Map<Integer, Instant> batch = new HashMap<>();
    for (int i = 0; i < n; i++) {
      batch.put(i, Instant.ofEpochSecond(1_000 + i));
    }
    return batch;
  }

  @Test
  void partsHoldEverySightingOnceAndNoneOverTheSize() {
    Map<Integer, Instant> batch = batch(250);
    List<Map<Integer, Instant>> parts = Sightings.parts(batch, 100);
    assertEquals(List.of(100, 100, 50), parts.stream().map(Map::size).toList());
    Map<Integer, Instant> joined = new HashMap<>();
    parts.forEach(joined::putAll);
    assertEquals(batch, joined);
  }

  @Test
  void aBatchThatFitsIsOnePartAndNothingIsNoPart() {
    assertEquals(List.of(batch(100)), Sightings.parts(batch(100), 100));
    assertTrue(Sightings.parts(batch(0), 100).isEmpty());
  }

  @Test
  void aPartHoldsAtLeastOneSighting() {
    assertThrows(IllegalArgumentException.class, () -> Sightings.parts(batch(3), 0));
  }

  @Test
  void drainHandsOverWhatWasSeenOnce() {
    Sightings<String> sightings = new Sightings<>();
    sightings.seen("a");
    sightings.seen("b");
    assertEquals(2, sightings.drain().size());
    assertTrue(sightings.drain().isEmpty());
  }
}
