package io.devicejobs.security;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently verified credentials by hash, so that a device's poll is authenticated without a database round
 * trip. Unknown hashes are remembered briefly too, so that guessing costs no database work either. Entries
 * expire; revocation, rotation and deletion remove them at once on this instance and, through NOTIFY, on every
 * other one. While the notification listener is down nothing is answered from memory.
 */
public final class CredentialCache {
  private static final long VALID_FOR_NANOS = 300_000_000_000L;
  private static final long UNKNOWN_FOR_NANOS = 30_000_000_000L;
  private static final int MAX_ENTRIES = 1_000_000;

  private record Entry(Principal principal, long expiresAt) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private volatile boolean enabled;

  /** Empty: not known here (ask the database). Present: the principal, or null for "known to be invalid". */
  public Optional<Optional<Principal>> lookup(String hash) {
    if (!enabled) {
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

  public void remember(String hash, Principal principal) {
    if (!enabled) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    long ttl = principal == null ? UNKNOWN_FOR_NANOS : VALID_FOR_NANOS;
    entries.put(hash, new Entry(principal, System.nanoTime() + ttl));
  }

  public void forgetHashes(Collection<String> hashes) {
    hashes.forEach(entries::remove);
  }

  public void forgetDevices(Collection<UUID> devices) {
    entries
        .values()
        .removeIf(
            e ->
                e.principal() != null
                    && e.principal().isDevice()
                    && devices.contains(e.principal().device()));
  }

  public void forgetKeyIds(Collection<String> keyIds) {
    entries
        .values()
        .removeIf(
            e ->
                e.principal() != null
                    && !e.principal().isDevice()
                    && keyIds.contains(e.principal().id()));
  }

  public void enable() {
    entries.clear();
    enabled = true;
  }

  public void disable() {
    enabled = false;
    entries.clear();
  }
}
