package io.devicejobs.live.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.live.EventTopic;
import io.devicejobs.live.LiveEvent;
import io.devicejobs.live.LiveEventCodec;
import io.vertx.core.Vertx;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a subscription forwards before and after its replay has been sent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionTest {
  private static final UUID JOB = UUID.randomUUID();
  private Vertx vertx;
  private Context context;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(LiveEvent.class, new LiveEventCodec());
    context = vertx.getOrCreateContext();
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void eventsWaitingForTheReplayAreSentOnceInOrderAfterTheCursor() throws Exception {
    List<Long> sent = new ArrayList<>();
    Subscription subscription = listening(event -> sent.add(event.seq()), 10);
    step(() -> publish(5, 6, 7));
    // The replay covered up to 6: 5 and 6 were in it, 7 is new.
    step(() -> subscription.goLive(6));
    step(() -> publish(7, 8));
    step(subscription::cancel);
    assertFalse(subscription.overflowed());
    assertEquals(List.of(7L, 8L), sent);
  }

  @Test
  void moreEventsDuringTheReplayThanItMayHoldOverflowTheSubscriptionNotTheSocket() throws Exception {
    List<Long> sent = new ArrayList<>();
    Subscription subscription = listening(event -> sent.add(event.seq()), 3);
    step(() -> publish(1, 2, 3, 4));
    step(() -> {
    });
    assertTrue(subscription.overflowed());
    step(() -> subscription.goLive(0));
    step(() -> publish(5));
    step(subscription::cancel);
    assertEquals(List.of(), sent);
  }

  private Subscription listening(Consumer<LiveEvent> send, int maxBuffered) throws Exception {
    CompletableFuture<Subscription> created = new CompletableFuture<>();
    context.runOnContext(v -> {
      Subscription subscription = new Subscription(vertx.eventBus(), EventTopic.ALL, send, maxBuffered);
      subscription.listening().onComplete(done -> created.complete(subscription));
    });
    return created.get(10, TimeUnit.SECONDS);
  }

  /**
   * Runs on the subscription's event loop and waits for it. Deliveries queued by one step run before the next
   * step, which is queued after them.
   */
  private void step(Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.get(10, TimeUnit.SECONDS);
  }

  private void publish(long... seqs) {
    for (long seq : seqs) {
      vertx.eventBus().publish(EventTopic.ALL.address(), new LiveEvent(seq, JOB, null, "{}", 0));
    }
  }
}
