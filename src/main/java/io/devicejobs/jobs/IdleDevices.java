package io.devicejobs.jobs;

import io.devicejobs.db.ListenerLease;
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
 * overwritten. The cache answers only while the notification listener's {@link ListenerLease} holds (a lost
 * listener, noticed or not, turns it off); the listener empties it on every loss and reconnection.
 */
public final class IdleDevices {
  private final Set<UUID> idle = ConcurrentHashMap.newKeySet();
  private final AtomicLong generation = new AtomicLong();
  private final ListenerLease lease;

  public IdleDevices(ListenerLease lease) {
    this.lease = lease;
  }

  public boolean isIdle(UUID device) {
    return lease.current() && idle.contains(device);
  }

  /** Read before asking the database; pass to {@link #markIdle}. */
  public long generation() {
    return generation.get();
  }

  /** The database found nothing for the device in a query that began at {@code generationAtQuery}. */
  public void markIdle(UUID device, long generationAtQuery) {
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

  /** The listener was lost or listens again: what was learnt before may have missed notices. */
  public void resync() {
    changedForEveryone();
  }

  public int size() {
    return idle.size();
  }
}
