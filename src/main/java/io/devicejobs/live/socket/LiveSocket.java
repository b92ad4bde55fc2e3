package io.devicejobs.live.socket;

import io.devicejobs.live.EventFeed;
import io.devicejobs.live.EventTopic;
import io.devicejobs.live.LiveEvent;
import io.devicejobs.live.LiveMetrics;
import io.devicejobs.security.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open WebSocket: the protocol of docs/websocket.md, its subscriptions, backpressure and heartbeat. Lives on
 * the event loop that accepted it; everything here runs there.
 */
final class LiveSocket {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);

  /** Application close codes (4000-4999), documented in docs/websocket.md. */
  static final short CLOSE_SLOW_CONSUMER = 4000;

  static final short CLOSE_PING_TIMEOUT = 4001;
  static final short CLOSE_EVENTS_LOST = 4002;
  private static final short CLOSE_GOING_AWAY = 1001;

  private final ServerWebSocket ws;
  private final Principal principal;
  private final LiveSocketServices services;
  private final LiveMetrics metrics;
  private final Context context;
  private final Map<EventTopic, Subscription> subscriptions = new HashMap<>();
  private final WriteBackpressure backpressure;
  private final Heartbeat heartbeat;

  /** The last event frame sent: an event reaching two subscriptions back to back is sent once. */
  private long lastEventSeq = -1;

  private boolean closing;

  /** Serves an upgraded socket until it closes. */
  static void serve(ServerWebSocket ws, Principal principal, LiveSocketServices services) {
    new LiveSocket(ws, principal, services).listen();
  }

  private LiveSocket(ServerWebSocket ws, Principal principal, LiveSocketServices services) {
    this.ws = ws;
    this.principal = principal;
    this.services = services;
    this.metrics = services.sockets().metrics();
    this.context = services.vertx().getOrCreateContext();
    var settings = services.settings();
    this.backpressure =
        new WriteBackpressure(
            services.vertx(),
            ws,
            settings.writeQueueBytes(),
            settings.slowConsumerGrace(),
            this::tooSlow);
    this.heartbeat = new Heartbeat(services.vertx(), ws, settings.pingInterval(), this::dead);
  }

  private void listen() {
    ws.textMessageHandler(this::received);
    ws.binaryMessageHandler(
        binary -> {
          heartbeat.heard();
          write(
              ServerFrames.error(
                  new ProtocolError("malformed_frame", "frames are JSON text, not binary"),
                  null,
                  null));
        });
    ws.shutdownHandler(
        v -> end(CLOSE_GOING_AWAY, "the server is shutting down; reconnect with since_seq"));
    ws.exceptionHandler(e -> LOG.debug("live socket of {}: {}", principal.actor(), e.toString()));
    ws.closeHandler(v -> cleanUp());
  }

  private void received(String text) {
    heartbeat.heard();
    ClientRequest request;
    try {
      request = ClientRequest.parse(text);
    } catch (ProtocolError e) {
      write(ServerFrames.error(e, null, null));
      return;
    }
    if (request instanceof ClientRequest.Ping) {
      write(ServerFrames.pong());
    } else if (request instanceof ClientRequest.Subscribe subscribe) {
      subscribe(subscribe);
    } else if (request instanceof ClientRequest.Unsubscribe unsubscribe) {
      Subscription gone = remove(unsubscribe.topic());
      write(ServerFrames.unsubscribed(unsubscribe, gone != null));
    }
  }

  private void subscribe(ClientRequest.Subscribe request) {
    EventTopic topic = request.topic();
    int limit = services.settings().maxSubscriptions();
    if (!subscriptions.containsKey(topic) && subscriptions.size() >= limit) {
      write(
          ServerFrames.error(
              new ProtocolError(
                  "too_many_subscriptions",
                  "at most "
                      + limit
                      + " subscriptions per socket; unsubscribe first or open another socket"),
              request.type(),
              topic));
      return;
    }
    // Subscribing again replaces the subscription (with a new replay, if asked).
    remove(topic);
    int maxReplay = services.settings().maxReplayEvents();
    Subscription subscription =
        new Subscription(
            topic,
            this::sendEvent,
            maxReplay,
            this::eventsLost,
            () -> reloadRequired(request.type(), topic));
    subscriptions.put(topic, subscription);
    services.router().add(subscription);
    services.sockets().subscriptionsChanged(1);
    EventFeed feed = services.feed();
    onThisLoop(feed.ready())
        // Read after the consumer listens: every event past this position reaches it live.
        .compose(ready -> services.replayer().replay(topic, request.sinceSeq(), feed.delivered()))
        .compose(
            replay ->
                subscription.overflowed()
                    ? Future.failedFuture(
                        ProtocolError.reloadRequired(
                            "more than " + maxReplay + " events arrived while the replay was read"))
                    : Future.succeededFuture(replay))
        .onComplete(
            result -> {
              if (subscription.cancelled() || closing) {
                return;
              }
              if (result.failed()) {
                remove(topic);
                ProtocolError error =
                    result.cause() instanceof ProtocolError known
                        ? known
                        : new ProtocolError("internal_error", "the subscription failed; try again");
                if (!(result.cause() instanceof ProtocolError)) {
                  LOG.warn(
                      "live subscription of {} failed: {}",
                      principal.actor(),
                      result.cause().toString());
                }
                write(ServerFrames.error(error, request.type(), topic));
                return;
              }
              Replayer.Replay replay = result.result();
              write(ServerFrames.subscribed(request, replay.cursor(), replay.events().size()));
              replay.events().forEach(this::sendEvent);
              subscription.goLive(replay.cursor());
            });
  }

  /** Continues on this socket's event loop, whichever thread completes the future. */
  private <T> Future<T> onThisLoop(Future<T> future) {
    Promise<T> here = Promise.promise();
    future.onComplete(result -> context.runOnContext(v -> here.handle(result)));
    return here.future();
  }

  private Subscription remove(EventTopic topic) {
    Subscription subscription = subscriptions.remove(topic);
    if (subscription != null) {
      subscription.cancel();
      services.router().remove(subscription);
      services.sockets().subscriptionsChanged(-1);
    }
    return subscription;
  }

  private void sendEvent(LiveEvent event) {
    if (closing) {
      metrics.dropped("socket_closing", 1);
      return;
    }
    if (event.seq() == lastEventSeq) {
      return;
    }
    lastEventSeq = event.seq();
    write(event.frame());
    metrics.delivered();
  }

  private void write(String frame) {
    if (closing || ws.isClosed()) {
      return;
    }
    ws.writeTextMessage(frame);
    backpressure.written(frame.length());
  }

  private void tooSlow() {
    if (!closing) {
      metrics.socketEnded("slow_consumer");
      LOG.info(
          "closing the live socket of {} from {}: it does not read fast enough",
          principal.actor(),
          ws.remoteAddress());
      end(
          CLOSE_SLOW_CONSUMER,
          "slow consumer: the socket's write queue stayed full; reconnect with since_seq");
    }
  }

  private void reloadRequired(String request, EventTopic topic) {
    remove(topic);
    write(
        ServerFrames.error(
            ProtocolError.reloadRequired("live events were published out of order on this server"),
            request,
            topic));
  }

  private void eventsLost() {
    if (!closing) {
      metrics.socketEnded("events_lost");
      LOG.warn(
          "closing the live socket of {}: this server's event loop fell too far behind and live events were"
              + " lost; the client resumes with since_seq",
          principal.actor());
      end(
          CLOSE_EVENTS_LOST,
          "live events were lost on this server; reconnect and resume with since_seq");
    }
  }

  private void dead() {
    if (!closing) {
      metrics.socketEnded("ping_timeout");
      end(CLOSE_PING_TIMEOUT, "no answer to ping");
    }
  }

  /** Stops sending at once (the close frame goes after what is already queued) and closes. */
  private void end(short code, String reason) {
    if (closing) {
      return;
    }
    cleanUp();
    ws.close(code, reason);
  }

  private void cleanUp() {
    if (closing) {
      return;
    }
    closing = true;
    subscriptions
        .values()
        .forEach(
            subscription -> {
              subscription.cancel();
              services.router().remove(subscription);
            });
    services.sockets().subscriptionsChanged(-subscriptions.size());
    subscriptions.clear();
    backpressure.stop();
    heartbeat.stop();
    services.sockets().closed();
  }
}
