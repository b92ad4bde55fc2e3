package io.devicejobs.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.ArrayDeque;
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

  /** How long published stretches stay under check for late events, and how often they are checked. */
  private static final long CHECK_SPAN_MS = 30_000;

  private static final long CHECK_EVERY_MS = 2_000;

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
  private long checkTimer = -1;
  private Context context;

  /** The stretches published lately, with how many status events each held, for {@link #checkForLateEvents}. */
  private final ArrayDeque<Published> published = new ArrayDeque<>();

  private boolean checking;

  private record Published(long after, long through, long statusEvents, long atMillis) {}

  public EventFeed(JobEventStore store, LiveMetrics metrics, Duration catchUpInterval) {
    this.store = store;
    this.metrics = metrics;
    this.catchUpInterval = catchUpInterval;
    metrics.gauge(
        "devicejobs.live.events.pending",
        "Events numbered by the database but not published here yet (not committed yet, or held back)",
        () -> delivered.get() < 0 ? 0 : Math.max(0, known.get() - delivered.get()));
  }

  /** Starts reading; call on the event loop that will run the feed (the notification verticle's). */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.bus = vertx.eventBus();
    bus.registerDefaultCodec(LiveBatch.class, new LiveBatchCodec());
    catchUpTimer = vertx.setPeriodic(catchUpInterval.toMillis(), t -> hint());
    checkTimer = vertx.setPeriodic(CHECK_EVERY_MS, t -> checkForLateEvents());
    hint();
  }

  public void stop() {
    if (vertx != null) {
      vertx.cancelTimer(catchUpTimer);
      vertx.cancelTimer(retryTimer);
      vertx.cancelTimer(checkTimer);
    }
  }

  /** Runs {@link #checkForLateEvents} now (tests); completes with the number of late events found. */
  public Future<Long> checkForLateEventsNow() {
    Promise<Long> done = Promise.promise();
    context.runOnContext(v -> checkForLateEvents().onComplete(done));
    return done.future();
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
    store
        .horizon(watermark.highest())
        .compose(
            horizon -> {
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
        .onComplete(
            done -> {
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
    return store
        .read(EventTopic.ALL, from, safe, BATCH)
        .compose(
            page -> {
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
    long statusEvents = 0;
    for (LiveEvent event : batch.events()) {
      metrics.published(event, now);
      statusEvents += event.device() != null ? 1 : 0;
    }
    published.addLast(new Published(batch.after(), batch.through(), statusEvents, now));
  }

  /**
   * A safety net under the watermark: the status events of the stretches published in the last
   * {@link #CHECK_SPAN_MS} are counted again in the table. More than were published means that an event committed
   * after the feed had passed its seq, which no cursor can resume from: every subscription is told to reload over
   * HTTP (a {@link LiveBatch#reload()} batch), and the error is logged. Progress events are not counted: the feed
   * folds them.
   */
  private Future<Long> checkForLateEvents() {
    long now = System.currentTimeMillis();
    while (!published.isEmpty() && published.peekFirst().atMillis() < now - CHECK_SPAN_MS) {
      published.pollFirst();
    }
    if (published.isEmpty() || checking) {
      return Future.succeededFuture(0L);
    }
    long after = published.peekFirst().after();
    long through = published.peekLast().through();
    long expected = published.stream().mapToLong(Published::statusEvents).sum();
    checking = true;
    return store
        .countStatusEvents(after, through)
        .map(
            found -> {
              long late = Math.max(0, found - expected);
              if (late > 0) {
                LOG.error(
                    "{} job events in ({}, {}] committed after they were passed; every live subscription must reload"
                        + " over HTTP",
                    late,
                    after,
                    through);
                metrics.late(late);
                published.clear();
                bus.publish(LiveAddresses.EVENTS, LiveBatch.reloadEverything());
              }
              return late;
            })
        .onComplete(done -> checking = false);
  }

  /** Held-back events become final when a transaction ends, which sends no hint of its own: look again soon. */
  private void retryLater() {
    if (retryTimer >= 0) {
      return;
    }
    retryTimer =
        vertx.setTimer(
            retryDelay,
            t -> {
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
