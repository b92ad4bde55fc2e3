package io.devicejobs.live.socket;

import io.devicejobs.live.EventTopic;
import io.devicejobs.live.LiveEvent;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One subscription of a socket. The event router hands it its topic's events from the start; until its replay
 * has been sent, they wait in a buffer. Then it forwards only events after its cursor, so an event that was both
 * replayed and routed is sent once, and everything arrives in seq order.
 *
 * <p>The buffer is bounded: when more events arrive during the replay than a replay may hold, the subscription
 * {@link #overflowed() overflows} and cannot go live (the client must reload over HTTP), but the socket is fine.
 * When the router reports lost events that this subscription should have had, {@code lost} runs (once); when it
 * says that no position is safe to resume from, {@code reload} does.
 */
final class Subscription implements EventRouter.Receiver {
  private final EventTopic topic;
  private final Consumer<LiveEvent> send;
  private final int maxBuffered;
  private final Runnable lost;
  private final Runnable reload;
  private ArrayDeque<LiveEvent> buffer = new ArrayDeque<>();
  private long cursor;
  private boolean cancelled;
  private boolean overflowed;

  Subscription(
      EventTopic topic, Consumer<LiveEvent> send, int maxBuffered, Runnable lost, Runnable reload) {
    this.topic = topic;
    this.send = send;
    this.maxBuffered = maxBuffered;
    this.lost = lost;
    this.reload = reload;
  }

  @Override
  public EventTopic topic() {
    return topic;
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
    cancelled = true;
    buffer = null;
  }

  @Override
  public void receive(LiveEvent event) {
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

  @Override
  public void missed(long after, long through) {
    // Live, and everything lost lies at or before the
    // cursor: nothing this subscription still needed.
    boolean covered = buffer == null && through <= cursor;
    if (!cancelled && !covered) {
      cancel();
      lost.run();
    }
  }

  @Override
  public void reload() {
    if (!cancelled) {
      cancel();
      reload.run();
    }
  }

  private void forward(LiveEvent event) {
    if (event.seq() > cursor) {
      cursor = event.seq();
      send.accept(event);
    }
  }
}
