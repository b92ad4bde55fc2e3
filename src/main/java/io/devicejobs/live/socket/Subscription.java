package io.devicejobs.live.socket;

import io.devicejobs.live.EventTopic;
import io.devicejobs.live.LiveEvent;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One subscription of a socket. It listens on its topic's address from the start; until its replay has been
 * sent, live events wait in a buffer. Then it forwards only events after its cursor, so an event that was both
 * replayed and published is sent once, and everything arrives in seq order.
 *
 * <p>The buffer is bounded: when more events arrive during the replay than a replay may hold, the subscription
 * {@link #overflowed() overflows} and cannot go live (the client must reload over HTTP), but the socket is fine.
 */
final class Subscription {
  private final EventTopic topic;
  private final MessageConsumer<LiveEvent> consumer;
  private final Consumer<LiveEvent> send;
  private final int maxBuffered;
  private ArrayDeque<LiveEvent> buffer = new ArrayDeque<>();
  private long cursor;
  private boolean cancelled;
  private boolean overflowed;

  /** Call on the socket's event loop: the consumer delivers there. */
  Subscription(EventBus bus, EventTopic topic, Consumer<LiveEvent> send, int maxBuffered) {
    this.topic = topic;
    this.send = send;
    this.maxBuffered = maxBuffered;
    this.consumer = bus.<LiveEvent>localConsumer(topic.address(), message -> receive(message.body()));
  }

  EventTopic topic() {
    return topic;
  }

  /** Completes once the consumer is registered: events published after that reach it. */
  Future<Void> listening() {
    return consumer.completion();
  }

  /** The replay was sent and covered everything up to {@code seq}: forward what waited, then live events. */
  void goLive(long seq) {
    cursor = seq;
    ArrayDeque<LiveEvent> waited = buffer;
    buffer = null;
    waited.forEach(this::forward);
  }

  /** Whether more events arrived before {@link #goLive} than the buffer holds: the gap cannot be closed. */
  boolean overflowed() {
    return overflowed;
  }

  boolean cancelled() {
    return cancelled;
  }

  void cancel() {
    if (!cancelled) {
      cancelled = true;
      buffer = null;
      consumer.unregister();
    }
  }

  private void receive(LiveEvent event) {
    if (cancelled || overflowed) {
      return;
    }
    if (buffer == null) {
      forward(event);
    } else if (buffer.size() < maxBuffered) {
      buffer.add(event);
    } else {
      overflowed = true;
      buffer.clear();
    }
  }

  private void forward(LiveEvent event) {
    if (event.seq() > cursor) {
      cursor = event.seq();
      send.accept(event);
    }
  }
}
