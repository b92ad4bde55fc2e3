package io.devicejobs.live.socket;

import io.devicejobs.config.LiveSettings;
import io.devicejobs.live.EventFeed;
import io.vertx.core.Vertx;

/** What every socket of an instance uses. */
record LiveSocketServices(Vertx vertx, EventFeed feed, Replayer replayer, LiveSockets sockets, LiveSettings settings) {
}
