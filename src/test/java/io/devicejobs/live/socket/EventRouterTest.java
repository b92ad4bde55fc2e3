package io.devicejobs.live.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.live.EventTopic;
import io.devicejobs.live.LiveBatch;
import io.devicejobs.live.LiveEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routing of the feed's batches to the subscriptions of one event loop, and noticing batches that never came. */
class EventRouterTest {
  private static final UUID JOB_A = UUID.randomUUID();
  private static final UUID JOB_B = UUID.randomUUID();
  private static final UUID DEVICE_X = UUID.randomUUID();
  private static final UUID DEVICE_Y = UUID.randomUUID();

  private final EventRouter router = new EventRouter(() -> 100);

  @Test
  void eachEventReachesTheAllTheJobAndTheDeviceSubscriptionsOnly() {
    Recorder all = add(EventTopic.ALL);
    Recorder jobA = add(EventTopic.job(JOB_A));
    Recorder deviceX = add(EventTopic.device(DEVICE_X));
    Recorder deviceY = add(EventTopic.device(DEVICE_Y));
    router.route(
        new LiveBatch(
            100,
            104,
            List.of(
                status(101, JOB_A, DEVICE_X), status(102, JOB_B, DEVICE_Y), progress(104, JOB_A))));
    assertEquals(List.of(101L, 102L, 104L), all.seqs);
    assertEquals(List.of(101L, 104L), jobA.seqs);
    assertEquals(List.of(101L), deviceX.seqs);
    assertEquals(List.of(102L), deviceY.seqs);
    assertEquals(List.of(), all.missed);
  }

  @Test
  void batchesThatJoinUpLoseNothingEvenWhenEmpty() {
    Recorder all = add(EventTopic.ALL);
    router.route(new LiveBatch(100, 103, List.of()));
    router.route(new LiveBatch(103, 105, List.of(status(105, JOB_A, DEVICE_X))));
    assertEquals(List.of(105L), all.seqs);
    assertEquals(List.of(), all.missed);
  }

  @Test
  void aBatchThatDoesNotJoinTheLastTellsEverySubscriptionWhatWasMissed() {
    Recorder all = add(EventTopic.ALL);
    Recorder deviceY = add(EventTopic.device(DEVICE_Y));
    router.route(new LiveBatch(100, 103, List.of()));
    // (103, 110] was dropped on the way.
    router.route(new LiveBatch(110, 112, List.of(status(111, JOB_A, DEVICE_X))));
    assertEquals(List.of("103..110"), all.missed);
    assertEquals(List.of("103..110"), deviceY.missed);
    assertEquals(List.of(111L), all.seqs);
  }

  @Test
  void theFirstBatchIsCheckedAgainstWhereTheFeedStarted() {
    Recorder all = add(EventTopic.ALL);
    router.route(new LiveBatch(104, 106, List.of()));
    assertEquals(List.of("100..104"), all.missed);
  }

  @Test
  void aRemovedSubscriptionGetsNothingMore() {
    Recorder all = add(EventTopic.ALL);
    router.remove(all);
    router.route(new LiveBatch(100, 101, List.of(status(101, JOB_A, DEVICE_X))));
    assertEquals(List.of(), all.seqs);
    assertEquals(0, router.size());
  }

  @Test
  void aSubscriptionMayLeaveWhileAnEventIsRouted() {
    Recorder leaving =
        new Recorder(EventTopic.ALL) {
          @Override
          public void receive(LiveEvent event) {
            super.receive(event);
            router.remove(this);
          }
        };
    router.add(leaving);
    Recorder staying = add(EventTopic.ALL);
    router.route(
        new LiveBatch(
            100, 102, List.of(status(101, JOB_A, DEVICE_X), status(102, JOB_A, DEVICE_X))));
    assertEquals(List.of(101L), leaving.seqs);
    assertEquals(List.of(101L, 102L), staying.seqs);
  }

  @Test
  void aReloadBatchReachesEverySubscriptionAndLeavesTheSequenceAlone() {
    Recorder all = add(EventTopic.ALL);
    Recorder deviceX = add(EventTopic.device(DEVICE_X));
    router.route(new LiveBatch(100, 101, List.of()));
    router.route(new LiveBatch(0, 0, List.of(), true));
    router.route(new LiveBatch(101, 102, List.of(status(102, JOB_A, DEVICE_X))));
    assertEquals(1, all.reloads);
    assertEquals(1, deviceX.reloads);
    assertEquals(List.of(), all.missed);
    assertEquals(List.of(102L), deviceX.seqs);
  }

  private Recorder add(EventTopic topic) {
    Recorder recorder = new Recorder(topic);
    router.add(recorder);
    return recorder;
  }

  private static LiveEvent status(long seq, UUID job, UUID device) {
    return new LiveEvent(seq, job, device, "{}", 0);
  }

  private static LiveEvent progress(long seq, UUID job) {
    return new LiveEvent(seq, job, null, "{}", 0);
  }

  private static class Recorder implements EventRouter.Receiver {
    private final EventTopic topic;
    final List<Long> seqs = new ArrayList<>();
    final List<String> missed = new ArrayList<>();
    int reloads;

    Recorder(EventTopic topic) {
      this.topic = topic;
    }

    @Override
    public EventTopic topic() {
      return topic;
    }

    @Override
    public void receive(LiveEvent event) {
      seqs.add(event.seq());
    }

    @Override
    public void missed(long after, long through) {
      missed.add(after + ".." + through);
    }

    @Override
    public void reload() {
      reloads++;
    }
  }
}
