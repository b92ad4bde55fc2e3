package io.devicejobs.executions;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When each device was last seen, kept in memory and written to the database in batches by the scheduler, so
 * that a poll costs no write.
 */
public final class Presence {
  private final AtomicReference<ConcurrentHashMap<UUID, Long>> pending =
      new AtomicReference<>(new ConcurrentHashMap<>());

  public void seen(UUID device) {
    pending.get().put(device, System.currentTimeMillis());
  }

  /** Everything seen since the last call; later sightings go into a fresh batch. */
  public Map<UUID, Instant> drain() {
    ConcurrentHashMap<UUID, Long> batch = pending.getAndSet(new ConcurrentHashMap<>());
    Map<UUID, Instant> out = new java.util.HashMap<>(batch.size());
    batch.forEach((device, millis) -> out.put(device, Instant.ofEpochMilli(millis)));
    return out;
  }
}
