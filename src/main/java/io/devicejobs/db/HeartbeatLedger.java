package io.devicejobs.db;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one instance knows from the heartbeats on the notification channel, and the changes waiting until every
 * instance has applied them. Times are {@link System#nanoTime()} readings passed in by the caller; it is confined
 * to the listener's event loop.
 *
 * <p>A heartbeat is {@code {"t": "hb", "i": sender, "n": its number, "seen": {instance: the last number heard
 * from it}, "ask": true while the sender has changes waiting}}. Notifications arrive in commit order, so:
 *
 * <ul>
 *   <li>hearing our own heartbeat {@code n} back means every notice committed before it was sent has been
 *       applied here: it renews the {@link ListenerLease};
 *   <li>a peer whose heartbeat says it heard our {@code n} has applied every notice we committed before sending
 *       {@code n};
 *   <li>a peer that proved its lease with a heartbeat we heard at {@code t} cannot be answering from memory
 *       after {@code t + TERM} unless it heard more: if it has been silent for {@code TERM} while we listened, its
 *       lease is over.
 * </ul>
 *
 * A change is settled when our first heartbeat sent after it was committed came back, we have been listening
 * for {@code TERM} without a gap (so no peer's heartbeat was missed), and every peer heard from has heard that
 * heartbeat or has been silent for {@code TERM}; or, in any case, {@code TERM} after the change (by then, every
 * instance that missed it has a lease older than the change, which has run out).
 */
final class HeartbeatLedger {
  static final String TYPE = "hb";

  private final String self;
  private final ListenerLease lease;
  private final long term;
  private long next = 1;
  private long firstProving = Long.MAX_VALUE;
  private final TreeMap<Long, Long> sentAt = new TreeMap<>();
  private final Map<String, Peer> peers = new HashMap<>();
  private final List<Waiting> waiting = new ArrayList<>();
  private boolean listening;
  private long listeningSince;
  private long provenAt;

  private static final class Peer {
    long lastHeard;
    long lastNumber;
    long heardOurs;
  }

  private static final class Waiting {
    final long needs;
    final long deadline;
    final Runnable settled;
    long barrier;

    Waiting(long needs, long deadline, Runnable settled) {
      this.needs = needs;
      this.deadline = deadline;
      this.settled = settled;
    }
  }

  HeartbeatLedger(String self, ListenerLease lease) {
    this.self = self;
    this.lease = lease;
    this.term = ListenerLease.TERM.toNanos();
  }

  static boolean isHeartbeat(JsonObject notice) {
    return TYPE.equals(notice.getString("t"));
  }

  /** A new LISTEN is established: only heartbeats sent from now on prove anything. */
  void listening(long now) {
    listening = true;
    listeningSince = now;
    provenAt = now;
    firstProving = next;
  }

  /** The listener is gone. */
  void deaf() {
    listening = false;
    lease.end();
  }

  /** The next heartbeat to send. */
  JsonObject beat(long now) {
    long n = next++;
    sentAt.put(n, now);
    // A heartbeat heard back after TERM would renew a lease already over.
    sentAt.headMap(n).values().removeIf(sent -> now - sent > term);
    // Forgetting a peer silent for TERM is what the settling rule allows anyway.
    peers.values().removeIf(peer -> now - peer.lastHeard > term);
    JsonObject seen = new JsonObject();
    peers.forEach((id, peer) -> seen.put(id, peer.lastNumber));
    return new JsonObject()
        .put("t", TYPE)
        .put("i", self)
        .put("n", n)
        .put("seen", seen)
        .put("ask", !waiting.isEmpty());
  }

  /** A heartbeat arrived; true when a peer asks for an answer at once. Malformed ones are ignored. */
  boolean heard(JsonObject beat, long now) {
    String from = beat.getValue("i") instanceof String s ? s : null;
    long n = beat.getValue("n") instanceof Number number ? number.longValue() : 0;
    if (from == null || n <= 0) {
      return false;
    }
    boolean asked = false;
    if (from.equals(self)) {
      Long sent = sentAt.get(n);
      if (sent != null && n >= firstProving) {
        lease.renew(sent);
        provenAt = now;
      }
      for (Waiting w : waiting) {
        if (w.barrier == 0 && n >= w.needs) {
          w.barrier = n;
        }
      }
    } else {
      Peer peer = peers.computeIfAbsent(from, id -> new Peer());
      peer.lastHeard = now;
      peer.lastNumber = Math.max(peer.lastNumber, n);
      if (beat.getValue("seen") instanceof JsonObject seen
          && seen.getValue(self) instanceof Number ours) {
        peer.heardOurs = Math.max(peer.heardOurs, ours.longValue());
      }
      asked = Boolean.TRUE.equals(beat.getValue("ask"));
    }
    settleDue(now);
    return asked;
  }

  /** A change was committed before now: {@code settled} runs once every instance has applied it (see above). */
  void await(long now, Runnable settled) {
    waiting.add(new Waiting(next, now + term, settled));
  }

  /** Runs the waits settled by now; true while some are left. */
  boolean settleDue(long now) {
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
      Waiting w = it.next();
      if (now - w.deadline >= 0 || everyoneHeard(w.barrier, now)) {
        it.remove();
        w.settled.run();
      }
    }
    return !waiting.isEmpty();
  }

  /** Shutting down: nobody is left to wait for. */
  void settleAll() {
    List<Waiting> all = new ArrayList<>(waiting);
    waiting.clear();
    all.forEach(w -> w.settled.run());
  }

  private boolean everyoneHeard(long barrier, long now) {
    if (barrier == 0 || !listening || now - listeningSince < term) {
      return false;
    }
    for (Peer peer : peers.values()) {
      if (peer.heardOurs < barrier && now - peer.lastHeard < term) {
        return false;
      }
    }
    return true;
  }

  /** When our own heartbeat was last heard back (or listening began): a stalled connection stops moving it. */
  long provenAt() {
    return provenAt;
  }

  boolean isListening() {
    return listening;
  }
}
