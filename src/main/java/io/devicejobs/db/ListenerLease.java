package io.devicejobs.db;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether this instance is proven to hear every notice right now: the caches that notices keep valid (idle
 * devices, credentials) answer from memory only while the lease holds, so a listener that died unnoticed makes
 * them fall back to the database within {@link #TERM}, whether or not this instance has noticed.
 *
 * <p>It is renewed by a heartbeat this instance sent through its own listener connection and heard back:
 * PostgreSQL delivers notifications in commit order, so by then every notice committed before the heartbeat was
 * sent has been applied. A renewal lasts {@link #TERM} from the heartbeat's sending; losing the listener ends the
 * lease at once. Read from any thread (a clock read and two volatile reads); renewed and ended on the listener's
 * event loop only.
 */
public final class ListenerLease {
  /** How long a heartbeat proves the listener; also the longest wait of {@link NoticeBarrier#settled}. */
  public static final Duration TERM = Duration.ofSeconds(2);

  private final LongSupplier nanoClock;
  private volatile long until;
  private volatile boolean held;

  public ListenerLease() {
    this(System::nanoTime);
  }

  /** With a clock of {@link System#nanoTime()}'s kind (tests pass their own). */
  public ListenerLease(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public boolean current() {
    return held && until - nanoClock.getAsLong() > 0;
  }

  /** A heartbeat sent at {@code sentAt} (on the lease's clock) was heard back. */
  void renew(long sentAt) {
    long next = sentAt + TERM.toNanos();
    if (!held || next - until > 0) {
      until = next;
    }
    held = true;
  }

  /** The listener is gone: notices may be missed from now on. */
  void end() {
    held = false;
  }
}
