package io.devicejobs.live;

import java.util.List;

/**
 * One stretch of the event stream as the feed publishes it: every event with {@code after < seq <= through}, in
 * seq order. Consecutive batches join up ({@code after} is the previous batch's {@code through}), so a receiver
 * that sees a batch not joining the last one knows that it missed events.
 */
public record LiveBatch(long after, long through, List<LiveEvent> events) {
}
