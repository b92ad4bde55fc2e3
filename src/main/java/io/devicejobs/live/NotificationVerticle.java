package io.devicejobs.live;

import io.devicejobs.db.Notifications;
import io.devicejobs.jobs.IdleDevices;
import io.devicejobs.jobs.WorkNotice;
import io.devicejobs.security.CredentialCache;
import io.devicejobs.security.CredentialNotice;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the database's notifications (LISTEN/NOTIFY) and applies them on this instance: new work or deleted
 * devices clear the poll cache; revoked, rotated or deleted credentials leave the credential cache; committed job
 * events make the {@link EventFeed} read and publish them (it runs on this verticle's event loop). While not
 * listening, the poll cache is off, so nothing can be missed; after a (re)connection it starts empty, since notices
 * sent during the outage are lost, and the feed catches up from the events table.
 */
public final class NotificationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  private static final long RETRY_MS = 1_000;

  private final PgConnectOptions connectOptions;
  private final IdleDevices idle;
  private final CredentialCache credentials;
  private final EventFeed events;
  private PgSubscriber subscriber;
  private volatile boolean stopping;

  public NotificationVerticle(
      PgConnectOptions connectOptions,
      IdleDevices idle,
      CredentialCache credentials,
      EventFeed events) {
    this.connectOptions = connectOptions;
    this.idle = idle;
    this.credentials = credentials;
    this.events = events;
  }

  @Override
  public Future<?> start() {
    events.start(vertx);
    connect();
    // Start-up does not wait: polls go to the database until the listener is up.
    return Future.succeededFuture();
  }

  private void connect() {
    if (stopping) {
      return;
    }
    PgSubscriber candidate =
        PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> RETRY_MS);
    candidate
        .channel(Notifications.CHANNEL)
        .subscribeHandler(
            v -> {
              LOG.info("listening for notifications on channel {}", Notifications.CHANNEL);
              idle.enable();
              credentials.enable();
              // Hints sent while not listening are lost: catch up from the events table.
              events.hint();
            })
        .handler(this::apply);
    candidate.closeHandler(
        v -> {
          idle.disable();
          credentials.disable();
          if (!stopping) {
            LOG.warn(
                "notification listener disconnected; polls go to the database until it is back");
          }
        });
    candidate
        .connect()
        .onComplete(
            result -> {
              if (result.succeeded()) {
                subscriber = candidate;
              } else {
                // A subscriber whose first connect failed never connects: build a new one.
                LOG.warn(
                    "notification listener cannot connect ({}); retrying",
                    result.cause().getMessage());
                candidate.close();
                vertx.setTimer(RETRY_MS, t -> connect());
              }
            });
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
    events.stop();
    idle.disable();
    credentials.disable();
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
