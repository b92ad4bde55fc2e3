package io.devicejobs.live.socket;

import io.devicejobs.live.LiveMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/** The WebSockets of one server instance (all its event loops): the limit on their number, and their gauges. */
public final class LiveSockets {
  private final int max;
  private final LiveMetrics metrics;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger subscriptions = new AtomicInteger();

  public LiveSockets(int max, LiveMetrics metrics) {
    this.max = max;
    this.metrics = metrics;
    metrics.gauge("devicejobs.ws.sockets", "Open WebSockets on this instance", open::get);
    metrics.gauge(
        "devicejobs.ws.subscriptions", "Subscriptions of the open WebSockets", subscriptions::get);
  }

  /** Takes a place for a new socket; false when the instance is at its limit. */
  public boolean tryOpen() {
    while (true) {
      int now = open.get();
      if (now >= max) {
        metrics.socketEnded("limit");
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void closed() {
    open.decrementAndGet();
  }

  void subscriptionsChanged(int delta) {
    subscriptions.addAndGet(delta);
  }

  public int open() {
    return open.get();
  }

  public LiveMetrics metrics() {
    return metrics;
  }
}
