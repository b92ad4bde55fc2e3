package io.devicejobs.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a change that other instances learn of through a notice (new work, a revoked key) hold everywhere before
 * it is answered: {@link #settled()} completes once every instance has applied the notice or cannot be answering
 * from memory any more (the rule is {@link HeartbeatLedger}'s). On a healthy cluster that is a round trip of
 * heartbeats, a few milliseconds; when an instance's listener is lost (noticed or not), or in the first
 * {@link ListenerLease#TERM} after this instance's listener (re)connects, it is at most {@code TERM}.
 *
 * <p>It also sends this instance's heartbeats (every {@link #BEAT_EVERY}, and at once when a change waits or a
 * peer asks) through the listener's own connection, which renew the {@link ListenerLease}. The listener drives it
 * from its event loop; {@link #settled()} may be called from any thread.
 */
public final class NoticeBarrier {
  private static final Logger LOG = LoggerFactory.getLogger(NoticeBarrier.class);
  public static final Duration BEAT_EVERY = Duration.ofMillis(500);

  /** A connection that has not carried a heartbeat back for this long is stalled: the listener replaces it. */
  public static final Duration STALLED_AFTER = Duration.ofSeconds(15);

  private static final long TICK_MS = 20;

  private final String instanceId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final ListenerLease lease;
  private final HeartbeatLedger ledger;
  private volatile Context context;
  private Vertx vertx;
  private Function<JsonObject, Future<?>> send;
  private Runnable onStalled;
  private long beatTimer = -1;
  private long tickTimer = -1;
  private boolean beatQueued;

  public NoticeBarrier(ListenerLease lease) {
    this.lease = lease;
    this.ledger = new HeartbeatLedger(instanceId, lease);
  }

  /** Names this server process among the instances on the database (its listener's application_name has it). */
  public String instanceId() {
    return instanceId;
  }

  public ListenerLease lease() {
    return lease;
  }

  public static boolean isHeartbeat(JsonObject notice) {
    return HeartbeatLedger.isHeartbeat(notice);
  }

  /**
   * Starts beating, on the listener's event loop. {@code send} sends a notice on the listener's own connection
   * (and fails when there is none); {@code onStalled} replaces a connection that stopped carrying heartbeats.
   */
  public void start(Vertx vertx, Function<JsonObject, Future<?>> send, Runnable onStalled) {
    this.vertx = vertx;
    this.send = send;
    this.onStalled = onStalled;
    this.context = vertx.getOrCreateContext();
    beatTimer = vertx.setPeriodic(BEAT_EVERY.toMillis(), t -> periodicBeat());
  }

  public void stop() {
    context = null;
    if (vertx != null) {
      vertx.cancelTimer(beatTimer);
      vertx.cancelTimer(tickTimer);
    }
    ledger.deaf();
    ledger.settleAll();
  }

  /** A LISTEN was established (again) and the caches resynchronised: the next heartbeat renews the lease. */
  public void listening() {
    ledger.listening(System.nanoTime());
    beat();
  }

  /** The listener's connection is gone: the lease ends now. */
  public void deaf() {
    ledger.deaf();
  }

  /** A heartbeat notice arrived on the listener. */
  public void heard(JsonObject heartbeat) {
    if (ledger.heard(heartbeat, System.nanoTime())) {
      beatSoon();
    }
  }

  /** Call after the commit of a change whose notice other instances must apply before it is answered. */
  public Future<Void> settled() {
    Context listener = context;
    if (listener == null) {
      return Future.succeededFuture();
    }
    Context caller = Vertx.currentContext();
    Promise<Void> done = Promise.promise();
    Runnable complete =
        caller == null ? done::complete : () -> caller.runOnContext(v -> done.complete());
    listener.runOnContext(
        v -> {
          if (context == null) {
            complete.run();
            return;
          }
          ledger.await(System.nanoTime(), complete);
          beatSoon();
          tick();
        });
    return done.future();
  }

  public <T> Future<T> settled(T result) {
    return settled().map(result);
  }

  private void periodicBeat() {
    if (ledger.isListening() && System.nanoTime() - ledger.provenAt() > STALLED_AFTER.toNanos()) {
      LOG.warn(
          "notification listener carried no heartbeat back for {} s; replacing its connection",
          STALLED_AFTER.toSeconds());
      onStalled.run();
      return;
    }
    beat();
  }

  /** Heartbeats asked for in one go (waiting changes, peers asking) share one. */
  private void beatSoon() {
    Context listener = context;
    if (listener != null && !beatQueued) {
      beatQueued = true;
      listener.runOnContext(
          v -> {
            beatQueued = false;
            beat();
          });
    }
  }

  private void beat() {
    if (!ledger.isListening()) {
      return;
    }
    send.apply(ledger.beat(System.nanoTime()))
        .onFailure(e -> LOG.debug("heartbeat not sent: {}", e.getMessage()));
  }

  /** While changes wait, their deadlines are checked often: nothing else may happen to settle them. */
  private void tick() {
    if (tickTimer >= 0) {
      return;
    }
    tickTimer =
        vertx.setPeriodic(
            TICK_MS,
            t -> {
              if (!ledger.settleDue(System.nanoTime())) {
                vertx.cancelTimer(tickTimer);
                tickTimer = -1;
              }
            });
  }
}
