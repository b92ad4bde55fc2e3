package io.devicejobs.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lease and settling rules on a clock the test moves: what holds for a listener that died without anyone
 * noticing (no loss reported, no heartbeat any more).
 */
class HeartbeatLedgerTest {
  private static final long TERM = ListenerLease.TERM.toNanos();
  private static final long MS = 1_000_000;

  private long now = 1_000 * TERM;
  private final ListenerLease leaseA = new ListenerLease(() -> now);
  private final ListenerLease leaseB = new ListenerLease(() -> now);
  private final HeartbeatLedger a = new HeartbeatLedger("a", leaseA);
  private final HeartbeatLedger b = new HeartbeatLedger("b", leaseB);

  @Test
  void aLeaseHoldsOnlyForTermAfterTheHeartbeatThatProvedItWasSent() {
    b.listening(now);
    assertFalse(leaseB.current(), "no heartbeat heard back yet");
    JsonObject beat = b.beat(now);
    now += 10 * MS;
    b.heard(beat, now);
    assertTrue(leaseB.current());
    // The listener dies unnoticed: nothing renews the lease.
    now += TERM - 10 * MS - 1;
    assertTrue(leaseB.current());
    now += 1;
    assertFalse(leaseB.current(), "TERM after the proving heartbeat was sent");
  }

  @Test
  void aLostListenerEndsTheLeaseAtOnceAndOnlyHeartbeatsOfTheNewListenRenewIt() {
    b.listening(now);
    JsonObject old = b.beat(now);
    b.heard(old, now);
    b.deaf();
    assertFalse(leaseB.current());
    b.listening(now);
    b.heard(old, now);
    assertFalse(leaseB.current(), "a heartbeat sent before the new LISTEN proves nothing");
    b.heard(b.beat(now), now);
    assertTrue(leaseB.current());
  }

  @Test
  void aChangeSettlesWhenEveryPeerHeardTheHeartbeatSentAfterIt() {
    listenBothForTerm();
    AtomicInteger settled = new AtomicInteger();
    a.await(now, settled::incrementAndGet);
    JsonObject barrier = a.beat(now);
    a.heard(barrier, now);
    b.heard(barrier, now);
    assertEquals(0, settled.get(), "B has not said it heard the barrier yet");
    JsonObject answer = b.beat(now);
    a.heard(answer, now);
    assertEquals(1, settled.get());
  }

  @Test
  void aChangeWaitsForASilentPeerUntilItsLeaseIsOver() {
    listenBothForTerm();
    // B's last proof: a heartbeat A heard too; then B's listener dies unnoticed.
    JsonObject last = b.beat(now);
    b.heard(last, now);
    a.heard(last, now);
    AtomicInteger settled = new AtomicInteger();
    a.await(now, settled::incrementAndGet);
    a.heard(a.beat(now), now);
    now += TERM - 1;
    a.settleDue(now);
    assertEquals(0, settled.get());
    assertTrue(leaseB.current(), "B may still answer from memory");
    now += 1;
    a.settleDue(now);
    assertEquals(1, settled.get());
    assertFalse(leaseB.current(), "when A answers, B's memory is off");
  }

  @Test
  void aChangeSettlesAfterTermEvenWhenThisInstanceHearsNothing() {
    a.listening(now);
    AtomicInteger settled = new AtomicInteger();
    a.await(now, settled::incrementAndGet);
    now += TERM - 1;
    assertTrue(a.settleDue(now));
    now += 1;
    assertFalse(a.settleDue(now));
    assertEquals(1, settled.get());
  }

  /** Both listen and have heard each other, for longer than TERM. */
  private void listenBothForTerm() {
    a.listening(now);
    b.listening(now);
    now += TERM;
    JsonObject fromA = a.beat(now);
    JsonObject fromB = b.beat(now);
    for (JsonObject beat : new JsonObject[] {fromA, fromB}) {
      a.heard(beat, now);
      b.heard(beat, now);
    }
  }
}
