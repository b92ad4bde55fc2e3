package io.devicejobs.live;

import java.util.ArrayDeque;

/**
 * Decides up to which seq the job events are final, so that they can be delivered in seq order and a client
 * that resumes after the last seq it saw never skips one.
 *
 * <p>Seqs are taken before commit, so event 11 may commit before event 10. "Deliver what belongs to
 * transactions older than the oldest running one" is not enough: an older transaction may hold 11 while a
 * younger, still running one holds 10. What is exact: every seq up to a reading's {@code lastSeq} belongs to a
 * transaction older than the id the reading took right after, so once no transaction older than that id is
 * running, every event up to {@code lastSeq} has committed or rolled back for good. Readings wait here until one
 * (maybe themselves) proves that; both of their fields only grow, so they wait in order.
 */
final class EventWatermark {
  /** Beyond this many waiting readings (a very long transaction), the newest is replaced: slower, never wrong. */
  private static final int MAX_WAITING = 10_000;

  private record Reading(long lastSeq, long xid) {}

  private final ArrayDeque<Reading> waiting = new ArrayDeque<>();
  private long safe = -1;

  /** Records a reading; returns the seq up to which every event is final, or -1 while that is not known yet. */
  long advance(Horizon horizon) {
    if (horizon.readingXid() > 0 && horizon.lastSeq() > highest()) {
      if (waiting.size() == MAX_WAITING) {
        waiting.pollLast();
      }
      waiting.addLast(new Reading(horizon.lastSeq(), horizon.readingXid()));
    }
    while (!waiting.isEmpty() && waiting.peekFirst().xid() <= horizon.oldestRunningXid()) {
      safe = Math.max(safe, waiting.pollFirst().lastSeq());
    }
    return safe;
  }

  /** Whether seqs were handed out that are not known to be final yet (so it is worth reading again soon). */
  boolean holdingBack() {
    Reading newest = waiting.peekLast();
    return newest != null && newest.lastSeq() > safe;
  }

  long safe() {
    return safe;
  }

  /** The highest seq known to be handed out: a reading that finds nothing beyond it needs no id of its own. */
  long highest() {
    Reading newest = waiting.peekLast();
    return newest == null ? safe : newest.lastSeq();
  }
}
