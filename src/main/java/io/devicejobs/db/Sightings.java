package io.devicejobs.db;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When each device (or operator key) was last seen, kept in memory and written to the database in batches by
 * the scheduler, so that a request costs no write. A sighting that races a flush may land in the next batch.
 */
public final class Sightings<K> {
  private final AtomicReference<ConcurrentHashMap<K, Long>> pending =
      new AtomicReference<>(new ConcurrentHashMap<>());

  public void seen(K key) {
    pending.get().put(key, System.currentTimeMillis());
  }

  /** Everything seen since the last call; later sightings go into a fresh batch. */
  public Map<K, Instant> drain() {
    ConcurrentHashMap<K, Long> batch = pending.getAndSet(new ConcurrentHashMap<>());
    Map<K, Instant> out = new HashMap<>(batch.size());
    batch.forEach((key, millis) -> out.put(key, Instant.ofEpochMilli(millis)));
    return out;
  }

  /** A batch cut into parts of at most {@code size} sightings, each written in a short transaction of its own. */
  public static <K> List<Map<K, Instant>> parts(Map<K, Instant> batch, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    List<Map<K, Instant>> parts = new ArrayList<>();
    Map<K, Instant> part = new HashMap<>();
    for (var sighting : batch.entrySet()) {
      part.put(sighting.getKey(), sighting.getValue());
      if (part.size() == size) {
        parts.add(part);
        part = new HashMap<>();
      }
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
    return parts;
  }
}
