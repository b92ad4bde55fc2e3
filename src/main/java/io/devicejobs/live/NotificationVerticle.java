package io.devicejobs.live;

import io.devicejobs.db.NoticeBarrier;
import io.devicejobs.db.Notifications;
import io.devicejobs.jobs.IdleDevices;
import io.devicejobs.jobs.WorkNotice;
import io.devicejobs.security.CredentialCache;
import io.devicejobs.security.CredentialNotice;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the database's notifications (LISTEN/NOTIFY) and applies them on this instance: new work or deleted
 * devices clear the poll cache; revoked, rotated or deleted credentials leave the credential cache; committed job
 * events make the {@link EventFeed} read and publish them (it runs on this verticle's event loop); heartbeats go
 * to the {@link NoticeBarrier}.
 *
 * <p>Every loss of the connection is noticed, the subscriber's own reconnects included (it calls the reconnect
 * policy with 0 failed attempts on each loss, and never its close handler): the lease ends, so the caches stop
 * answering from memory, and they are emptied. Once a new LISTEN is established they are emptied again (what
 * they learn from then on is complete: later notices reach them), the feed catches up from the events table, and
 * the first heartbeat heard back on the new connection turns the caches on. A loss that has not been noticed yet
 * is covered by the lease running out.
 */
public final class NotificationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  private static final long RETRY_MS = 1_000;

  /** The listener connection's application_name, followed by the instance id (pg_stat_activity shows it). */
  public static final String APPLICATION_NAME = "device-jobs-listener-";

  private final PgConnectOptions connectOptions;
  private final IdleDevices idle;
  private final CredentialCache credentials;
  private final EventFeed events;
  private final NoticeBarrier barrier;
  private final LiveMetrics metrics;
  private PgSubscriber subscriber;
  private volatile boolean stopping;
  private boolean listening;
  private boolean everListened;
  private boolean connectFailureLogged;
  private long lostAtMillis;

  public NotificationVerticle(
      PgConnectOptions connectOptions,
      IdleDevices idle,
      CredentialCache credentials,
      EventFeed events,
      NoticeBarrier barrier,
      LiveMetrics metrics) {
    this.connectOptions =
        new PgConnectOptions(connectOptions)
            .addProperty("application_name", APPLICATION_NAME + barrier.instanceId());
    this.idle = idle;
    this.credentials = credentials;
    this.events = events;
    this.barrier = barrier;
    this.metrics = metrics;
    metrics.gauge(
        "devicejobs.listener.proven",
        "1 while this instance's notification listener is proven by a recent heartbeat (caches on), else 0",
        () -> barrier.lease().current() ? 1 : 0);
  }

  @Override
  public Future<?> start() {
    events.start(vertx);
    barrier.start(vertx, this::sendOnListener, this::replaceConnection);
    connect();
    // Start-up does not wait: polls go to the database until the listener is up.
    return Future.succeededFuture();
  }

  private void connect() {
    if (stopping) {
      return;
    }
    PgSubscriber candidate =
        PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(this::reconnectDelay);
    subscriber = candidate;
    candidate
        .channel(Notifications.CHANNEL)
        .subscribeHandler(v -> listening())
        .handler(this::apply);
    candidate
        .connect()
        .onFailure(
            e -> {
              if (!connectFailureLogged) {
                connectFailureLogged = true;
                LOG.warn("notification listener cannot connect ({}); retrying", e.getMessage());
              } else {
                LOG.debug("notification listener cannot connect yet: {}", e.getMessage());
              }
              // A subscriber whose first connect failed never connects: build a new one.
              candidate.close();
              vertx.setTimer(RETRY_MS, t -> connect());
            });
  }

  /** The subscriber asks this after every loss (0) and after every failed attempt to come back (1, 2, ...). */
  private long reconnectDelay(int failedAttempts) {
    if (failedAttempts == 0) {
      lost();
    } else {
      LOG.debug("notification listener still away ({} attempts)", failedAttempts);
    }
    return RETRY_MS;
  }

  private void lost() {
    if (!listening) {
      return;
    }
    listening = false;
    lostAtMillis = System.currentTimeMillis();
    barrier.deaf();
    resyncCaches();
    metrics.listenerLost();
    if (!stopping) {
      LOG.warn(
          "notification listener lost; polls and credentials go to the database until it is back");
    }
  }

  /** A LISTEN is established, first or again. */
  private void listening() {
    listening = true;
    connectFailureLogged = false;
    // What was learnt before now may have missed notices; what is learnt from now on does not.
    resyncCaches();
    barrier.listening();
    // Hints sent while not listening are lost: catch up from the events table.
    events.hint();
    if (everListened) {
      LOG.info(
          "notification listener back after {} ms; caches resynchronised, live feed caught up",
          System.currentTimeMillis() - lostAtMillis);
    } else {
      LOG.info("listening for notifications on channel {}", Notifications.CHANNEL);
    }
    everListened = true;
  }

  private void resyncCaches() {
    idle.resync();
    credentials.resync();
  }

  private Future<?> sendOnListener(JsonObject notice) {
    PgConnection connection = subscriber == null ? null : subscriber.actualConnection();
    if (!listening || connection == null) {
      return Future.failedFuture("not listening");
    }
    return Notifications.send(connection, notice);
  }

  /** Closing a stalled connection makes the subscriber notice the loss and reconnect. */
  private void replaceConnection() {
    PgConnection connection = subscriber == null ? null : subscriber.actualConnection();
    if (connection != null) {
      connection.close();
    }
  }

  private void apply(String payload) {
    JsonObject notice;
    try {
      notice = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn(
          "ignoring a malformed notification: {}",
          payload.length() > 200 ? payload.substring(0, 200) : payload);
      return;
    }
    if (EventHint.isEventHint(notice)) {
      events.hint();
    } else if (NoticeBarrier.isHeartbeat(notice)) {
      barrier.heard(notice);
    } else if (CredentialNotice.isCredentialNotice(notice)) {
      CredentialNotice.apply(notice, credentials);
    } else if (WorkNotice.isWorkNotice(notice)) {
      List<UUID> devices = WorkNotice.devices(notice);
      if (devices == null) {
        idle.changedForEveryone();
      } else {
        idle.changed(devices);
      }
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    listening = false;
    events.stop();
    barrier.stop();
    resyncCaches();
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
