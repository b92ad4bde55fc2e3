package io.devicejobs.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed job events on this instance's event bus, in seq order, never past the watermark of
 * {@link EventWatermark}: one {@link LiveBatch} per read on {@link LiveAddresses#EVENTS}, each joining the last.
 *
 * <p>It reads the events table when the database hints that events were committed (the notification listener
 * calls {@link #hint()}), when its listener (re)connects, again shortly while events are held back, and every
 * {@code catchUpInterval} as a safety net. Hints arriving during a read make one more read, not one each.
 * Confined to the notification verticle's event loop, except {@link #delivered()} and {@link #knownSeq()}.
 */
public final class EventFeed {
  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
  private static final int BATCH = 1_000;
  private static final long FIRST_RETRY_MS = 2;
  private static final long MAX_RETRY_MS = 100;
  /** {@link #delivered()} before the first watermark is known. */
  public static final long NOT_READY = -1;

  private final JobEventStore store;
  private final LiveMetrics metrics;
  private final Duration catchUpInterval;
  private final EventWatermark watermark = new EventWatermark();
  private final AtomicLong delivered = new AtomicLong(NOT_READY);
  private volatile long start = NOT_READY;
  private final AtomicLong known = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final Promise<Void> ready = Promise.promise();
  private Vertx vertx;
  private EventBus bus;
  private boolean reading;
  private boolean readAgain;
  private boolean failing;
  private long retryTimer = -1;
  private long retryDelay = FIRST_RETRY_MS;
  private long catchUpTimer = -1;

  public EventFeed(JobEventStore store, LiveMetrics metrics, Duration catchUpInterval) {
    this.store = store;
    this.metrics = metrics;
    this.catchUpInterval = catchUpInterval;
    metrics.gauge("devicejobs.live.events.pending",
        "Events numbered by the database but not published here yet (not committed yet, or held back)",
        () -> delivered.get() < 0 ? 0 : Math.max(0, known.get() - delivered.get()));
  }

  /** Starts reading; call on the event loop that will run the feed (the notification verticle's). */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    bus.registerDefaultCodec(LiveBatch.class, new LiveBatchCodec());
    catchUpTimer = vertx.setPeriodic(catchUpInterval.toMillis(), t -> hint());
    hint();
  }

  public void stop() {
    if (vertx != null) {
      vertx.cancelTimer(catchUpTimer);
      vertx.cancelTimer(retryTimer);
    }
  }

  /** New events may have been committed. */
  public void hint() {
    if (reading) {
      readAgain = true;
    } else {
      read();
    }
  }

  /**
   * Every event up to this seq has been published here (or preceded this instance's start); every later one will
   * be. {@link #NOT_READY} until the first watermark is known. Published events never exceed it: it moves first.
   */
  public long delivered() {
    return delivered.get();
  }

  /** Where the first batch begins: {@link #delivered()} when it first became known, or {@link #NOT_READY}. */
  public long start() {
    return start;
  }

  /** Completes once {@link #delivered()} is known. */
  public Future<Void> ready() {
    return ready.future();
  }

  /** The highest seq the database had handed out at the last read (committed or not). */
  public long knownSeq() {
    return known.get();
  }

  /** Reads completed so far (tests wait on it instead of sleeping). */
  public long reads() {
    return reads.get();
  }

  private void read() {
    reading = true;
    readAgain = false;
    vertx.cancelTimer(retryTimer);
    retryTimer = -1;
    store.horizon(watermark.highest())
        .compose(horizon -> {
          known.set(horizon.lastSeq());
          long safe = watermark.advance(horizon);
          if (safe < 0) {
            return Future.succeededFuture();
          }
          if (delivered.get() == NOT_READY) {
            // Events before this instance started are for replays, not for live subscribers.
            start = safe;
            delivered.set(safe);
            ready.tryComplete();
            return Future.succeededFuture();
          }
          return publishUpTo(safe);
        })
        .onComplete(done -> {
          reads.incrementAndGet();
          reading = false;
          if (done.failed()) {
            readFailed(done.cause());
          } else if (failing) {
            failing = false;
            LOG.info("job event feed reads again");
          }
          if (readAgain) {
            read();
          } else if (done.succeeded() && watermark.holdingBack()) {
            retryLater();
          }
        });
  }

  /** Publishes the events in (delivered, safe] in batches; {@link #delivered} moves before each batch goes out. */
  private Future<Void> publishUpTo(long safe) {
    long from = delivered.get();
    if (safe <= from) {
      return Future.succeededFuture();
    }
    return store.read(EventTopic.ALL, from, safe, BATCH).compose(page -> {
      long through = page.full() ? page.lastSeq() : safe;
      delivered.set(through);
      publish(new LiveBatch(from, through, page.events()));
      retryDelay = FIRST_RETRY_MS;
      return page.full() ? publishUpTo(safe) : Future.succeededFuture();
    });
  }

  /** Also when it holds no event: the next batch must join this one. */
  private void publish(LiveBatch batch) {
    bus.publish(LiveAddresses.EVENTS, batch);
    long now = System.currentTimeMillis();
    for (LiveEvent event : batch.events()) {
      metrics.published(event, now);
    }
  }

  /** Held-back events become final when a transaction ends, which sends no hint of its own: look again soon. */
  private void retryLater() {
    if (retryTimer >= 0) {
      return;
    }
    retryTimer = vertx.setTimer(retryDelay, t -> {
      retryTimer = -1;
      hint();
    });
    retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
  }

  private void readFailed(Throwable cause) {
    if (!failing) {
      failing = true;
      LOG.warn("reading job events failed ({}); retrying", cause.getMessage());
    }
  }
}
