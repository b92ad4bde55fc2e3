package io.devicejobs.security;

import io.devicejobs.db.ListenerLease;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recently verified credentials by hash, so that a device's poll is authenticated without a database round
 * trip. Unknown hashes are remembered briefly too, so that guessing costs no database work either. Entries
 * expire; revocation, rotation and deletion remove them at once on this instance and, through NOTIFY, on every
 * other one.
 *
 * <p>A lookup remembers its answer only if nothing was forgotten since it began (the generation check), so a
 * revocation that races the lookup is never overwritten by the older answer. The cache answers only while the
 * notification listener's {@link ListenerLease} holds (a lost listener, noticed or not, turns it off); the
 * listener empties it on every loss and reconnection.
 */
public final class CredentialCache {
  private static final long VALID_FOR_NANOS = 300_000_000_000L;
  private static final long UNKNOWN_FOR_NANOS = 30_000_000_000L;
  private static final int MAX_ENTRIES = 1_000_000;

  private record Entry(Principal principal, long expiresAt) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final ListenerLease lease;

  public CredentialCache(ListenerLease lease) {
    this.lease = lease;
  }

  /** Empty: not known here (ask the database). Present: the principal, or null for "known to be invalid". */
  public Optional<Optional<Principal>> lookup(String hash) {
    if (!lease.current()) {
      return Optional.empty();
    }
    Entry entry = entries.get(hash);
    if (entry == null || entry.expiresAt() - System.nanoTime() < 0) {
      return Optional.empty();
    }
    return Optional.of(Optional.ofNullable(entry.principal()));
  }

  public boolean knownValid(String hash) {
    return lookup(hash).map(Optional::isPresent).orElse(false);
  }

  /** Read before asking the database; pass to {@link #remember}. */
  public long generation() {
    return generation.get();
  }

  /** What the database answered for {@code hash} in a lookup that began at {@code generationAtLookup}. */
  public void remember(String hash, Principal principal, long generationAtLookup) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    long ttl = principal == null ? UNKNOWN_FOR_NANOS : VALID_FOR_NANOS;
    // Put first, then check: a forgetting since the lookup began removes the entry either way.
    entries.put(hash, new Entry(principal, System.nanoTime() + ttl));
    if (generation.get() != generationAtLookup) {
      entries.remove(hash);
    }
  }

  public void forgetHashes(Collection<String> hashes) {
    generation.incrementAndGet();
    hashes.forEach(entries::remove);
  }

  public void forgetDevices(Collection<UUID> devices) {
    generation.incrementAndGet();
    entries
        .values()
        .removeIf(
            e ->
                e.principal() != null
                    && e.principal().isDevice()
                    && devices.contains(e.principal().device()));
  }

  public void forgetKeyIds(Collection<String> keyIds) {
    generation.incrementAndGet();
    entries
        .values()
        .removeIf(
            e ->
                e.principal() != null
                    && !e.principal().isDevice()
                    && keyIds.contains(e.principal().id()));
  }

  /** The listener was lost or listens again: what was learnt before may have missed notices. */
  public void resync() {
    generation.incrementAndGet();
    entries.clear();
  }
}
