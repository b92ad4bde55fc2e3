package io.devicejobs.jobs;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices known to have nothing to do, so that their polls are answered without a database round trip.
 *
 * <p>It never hides committed work: whoever commits work (or deletes a device) calls {@link #changed} or
 * {@link #changedForEveryone} — directly on this instance before answering, and through the database's
 * NOTIFY on every other instance. A poll that found nothing marks the device idle only if no change was
 * announced since the poll's query began (the generation check), so a change that races the query is never
 * overwritten. While the notification listener is not connected the cache is off and every poll asks the
 * database.
 */
public final class IdleDevices {
  private final Set<UUID> idle = ConcurrentHashMap.newKeySet();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean enabled;

  public boolean isIdle(UUID device) {
    return enabled && idle.contains(device);
  }

  /** Read before asking the database; pass to {@link #markIdle}. */
  public long generation() {
    return generation.get();
  }

  /** The database found nothing for the device in a query that began at {@code generationAtQuery}. */
  public void markIdle(UUID device, long generationAtQuery) {
    if (!enabled) {
      return;
    }
    // Add first, then check: a change announced after the query began removes the entry either way.
    idle.add(device);
    if (generation.get() != generationAtQuery) {
      idle.remove(device);
    }
  }

  public void changed(Collection<UUID> devices) {
    generation.incrementAndGet();
    idle.removeAll(devices);
  }

  public void changedForEveryone() {
    generation.incrementAndGet();
    idle.clear();
  }

  /** The listener is connected (again): start from nothing known. */
  public void enable() {
    changedForEveryone();
    enabled = true;
  }

  /** The listener is gone: notices may be missed, so nothing may be answered from memory. */
  public void disable() {
    enabled = false;
    changedForEveryone();
  }

  public boolean enabled() {
    return enabled;
  }

  public int size() {
    return idle.size();
  }
}
