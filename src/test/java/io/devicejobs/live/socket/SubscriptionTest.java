package io.devicejobs.live.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.live.EventTopic;
import io.devicejobs.live.LiveEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a subscription forwards before and after its replay has been sent. */
class SubscriptionTest {
  private static final UUID JOB = UUID.randomUUID();
  private final List<Long> sent = new ArrayList<>();
  private final AtomicInteger lost = new AtomicInteger();
  private final AtomicInteger reloads = new AtomicInteger();

  @Test
  void eventsWaitingForTheReplayAreSentOnceInOrderAfterTheCursor() {
    Subscription subscription = subscription(10);
    receive(subscription, 5, 6, 7);
    // The replay covered up to 6: 5 and 6 were in it, 7 is new.
    subscription.goLive(6);
    receive(subscription, 7, 8);
    assertFalse(subscription.overflowed());
    assertEquals(List.of(7L, 8L), sent);
  }

  @Test
  void moreEventsDuringTheReplayThanItMayHoldOverflowTheSubscriptionNotTheSocket() {
    Subscription subscription = subscription(3);
    receive(subscription, 1, 2, 3, 4);
    assertTrue(subscription.overflowed());
    subscription.goLive(0);
    receive(subscription, 5);
    assertEquals(List.of(), sent);
    assertEquals(0, lost.get());
  }

  @Test
  void lostEventsAtOrBeforeTheCursorCostNothing() {
    Subscription subscription = subscription(10);
    subscription.goLive(20);
    subscription.missed(10, 20);
    receive(subscription, 21);
    assertEquals(0, lost.get());
    assertEquals(List.of(21L), sent);
  }

  @Test
  void lostEventsAfterTheCursorEndTheSubscriptionOnce() {
    Subscription subscription = subscription(10);
    subscription.goLive(20);
    subscription.missed(20, 25);
    subscription.missed(25, 30);
    receive(subscription, 31);
    assertEquals(1, lost.get());
    assertTrue(subscription.cancelled());
    assertEquals(List.of(), sent);
  }

  @Test
  void lostEventsBeforeGoingLiveCannotBeReplayedEither() {
    Subscription subscription = subscription(10);
    subscription.missed(3, 4);
    assertEquals(1, lost.get());
  }

  @Test
  void aReloadEndsTheSubscriptionOnce() {
    Subscription subscription = subscription(10);
    subscription.goLive(5);
    subscription.reload();
    subscription.reload();
    receive(subscription, 6);
    assertEquals(1, reloads.get());
    assertTrue(subscription.cancelled());
    assertEquals(List.of(), sent);
  }

  private Subscription subscription(int maxBuffered) {
    return new Subscription(
        EventTopic.ALL,
        event -> sent.add(event.seq()),
        maxBuffered,
        lost::incrementAndGet,
        reloads::incrementAndGet);
  }

  private static void receive(Subscription subscription, long... seqs) {
    for (long seq : seqs) {
      subscription.receive(new LiveEvent(seq, JOB, null, "{}", 0));
    }
  }
}
