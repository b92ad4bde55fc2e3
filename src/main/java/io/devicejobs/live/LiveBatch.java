package io.devicejobs.live;

import java.util.List;

/**
 * One stretch of the event stream as the feed publishes it: every event with {@code after < seq <= through}, in
 * seq order. Consecutive batches join up ({@code after} is the previous batch's {@code through}), so a receiver
 * that sees a batch not joining the last one knows that it missed events.
 *
 * <p>A {@link #reload()} batch carries no events: the feed found that an event it had already passed committed
 * later, so no position is safe to resume from, and every subscription must reload its state over HTTP.
 */
public record LiveBatch(long after, long through, List<LiveEvent> events, boolean reload) {
  public LiveBatch(long after, long through, List<LiveEvent> events) {
    this(after, through, events, false);
  }

  static LiveBatch reloadEverything() {
    return new LiveBatch(0, 0, List.of(), true);
  }
}
