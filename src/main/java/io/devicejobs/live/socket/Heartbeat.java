package io.devicejobs.live.socket;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;

/**
 * Finds dead sockets: one silent for an interval (no frame, no pong) is pinged; silent for another, it is dead
 * and {@code dead} runs. Browsers answer pings by themselves.
 */
final class Heartbeat {
  private static final Buffer PING = Buffer.buffer("devicejobs");

  private final Vertx vertx;
  private final long timer;
  private boolean heard = true;
  private boolean pinged;

  Heartbeat(Vertx vertx, ServerWebSocket ws, Duration interval, Runnable dead) {
    this.vertx = vertx;
    ws.pongHandler(pong -> heard());
    this.timer =
        vertx.setPeriodic(
            interval.toMillis(),
            t -> {
              if (heard) {
                heard = false;
              } else if (pinged) {
                dead.run();
              } else {
                pinged = true;
                ws.writePing(PING);
              }
            });
  }

  /** The client sent something: it is alive. */
  void heard() {
    heard = true;
    pinged = false;
  }

  void stop() {
    vertx.cancelTimer(timer);
  }
}
