package io.devicejobs.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Meters of live job status and of the notification listener, exported on /metrics as devicejobs_live_*,
 * devicejobs_ws_* and devicejobs_listener_*.
 */
public final class LiveMetrics {
  private final MeterRegistry registry;
  private final Counter published;
  private final Counter delivered;
  private final Timer lag;
  private final Counter late;
  private final Counter listenerLosses;

  public LiveMetrics(MeterRegistry registry) {
    this.registry = registry;
    published =
        Counter.builder("devicejobs.live.events.published")
            .description("Job events published on this instance's event bus")
            .register(registry);
    delivered =
        Counter.builder("devicejobs.ws.frames.delivered")
            .description("job:status and job:progress frames written to sockets (replays included)")
            .register(registry);
    lag =
        Timer.builder("devicejobs.live.notification.lag")
            .description(
                "From an event's recording (just before its commit) to its publication on this instance")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    late =
        Counter.builder("devicejobs.live.late.events")
            .description(
                "Events that committed after the feed had passed their seq (each makes every subscription"
                    + " reload); should stay 0")
            .register(registry);
    listenerLosses =
        Counter.builder("devicejobs.listener.losses")
            .description(
                "Losses of the notification listener's connection (each turns the caches off until it is back)")
            .register(registry);
    // Known reasons start at zero, so that dashboards and
    // alerts see the series before the first occurrence.
    dropped("socket_closing", 0);
    for (String reason : new String[] {"slow_consumer", "ping_timeout", "events_lost", "limit"}) {
      closed(reason);
    }
  }

  private Counter closed(String reason) {
    return Counter.builder("devicejobs.ws.closed")
        .tag("reason", reason)
        .description("Sockets closed or refused by the server, by reason")
        .register(registry);
  }

  /** A value read when scraped (registered once, by its owner). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  void published(LiveEvent event, long nowMillis) {
    published.increment();
    lag.record(Math.max(0, nowMillis - event.recordedAtMillis()), TimeUnit.MILLISECONDS);
  }

  void listenerLost() {
    listenerLosses.increment();
  }

  void late(long events) {
    late.increment(events);
  }

  public void delivered() {
    delivered.increment();
  }

  /** Frames a socket did not get because it was closed for being too slow. */
  public void dropped(String reason, int frames) {
    Counter.builder("devicejobs.ws.frames.dropped")
        .tag("reason", reason)
        .description("Frames not written to a socket")
        .register(registry)
        .increment(frames);
  }

  /** Why sockets were closed by the server (slow_consumer, ping_timeout, events_lost) or refused (limit). */
  public void socketEnded(String reason) {
    closed(reason).increment();
  }
}
