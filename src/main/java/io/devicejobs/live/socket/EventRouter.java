package io.devicejobs.live.socket;

import io.devicejobs.live.EventTopic;
import io.devicejobs.live.LiveBatch;
import io.devicejobs.live.LiveEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Routes the feed's batches to the subscriptions of one event loop: every event to the "all" subscriptions, to
 * its device's and to its job's. One event-bus message per batch reaches each event loop, whatever the number
 * of subscriptions.
 *
 * <p>The event bus drops messages silently when a consumer has too many waiting (its event loop stalled), so the
 * router checks that each batch joins the previous one. When one does not, events are gone for every
 * subscription here, and each is told so ({@link Receiver#missed}); the clients resume with since_seq.
 * Confined to one event loop; no Vert.x types, so that it is tested directly.
 */
final class EventRouter {
  /** A subscription as the router sees it. */
  interface Receiver {
    EventTopic topic();

    void receive(LiveEvent event);

    /** Events after {@code after} up to {@code through} may have been lost. */
    void missed(long after, long through);

    /** No position is safe to resume from: the state must be read again over HTTP. */
    void reload();
  }

  private static final long UNKNOWN = Long.MIN_VALUE;

  private final Map<EventTopic, Set<Receiver>> receivers = new HashMap<>();
  private final LongSupplier feedStart;
  private long through = UNKNOWN;

  /** {@code feedStart}: where the feed's first batch begins, once the feed is ready. */
  EventRouter(LongSupplier feedStart) {
    this.feedStart = feedStart;
  }

  void add(Receiver receiver) {
    receivers.computeIfAbsent(receiver.topic(), t -> new LinkedHashSet<>()).add(receiver);
  }

  void remove(Receiver receiver) {
    Set<Receiver> same = receivers.get(receiver.topic());
    if (same != null && same.remove(receiver) && same.isEmpty()) {
      receivers.remove(receiver.topic());
    }
  }

  int size() {
    return receivers.values().stream().mapToInt(Set::size).sum();
  }

  void route(LiveBatch batch) {
    if (batch.reload()) {
      everyone().forEach(Receiver::reload);
      return;
    }
    if (through == UNKNOWN) {
      through = feedStart.getAsLong();
    }
    if (batch.through() <= through) {
      return;
    }
    if (batch.after() > through) {
      long lostAfter = through;
      everyone().forEach(r -> r.missed(lostAfter, batch.after()));
    }
    through = batch.through();
    for (LiveEvent event : batch.events()) {
      deliver(EventTopic.ALL, event);
      deliver(EventTopic.job(event.jobId()), event);
      if (event.device() != null) {
        deliver(EventTopic.device(event.device()), event);
      }
    }
  }

  /** A copy: receivers may leave while being told. */
  private List<Receiver> everyone() {
    List<Receiver> everyone = new ArrayList<>();
    receivers.values().forEach(everyone::addAll);
    return everyone;
  }

  private void deliver(EventTopic topic, LiveEvent event) {
    Set<Receiver> interested = receivers.get(topic);
    if (interested != null) {
      for (Receiver receiver : interested.toArray(Receiver[]::new)) {
        receiver.receive(event);
      }
    }
  }
}
