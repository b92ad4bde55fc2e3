package io.devicejobs.live.socket;

import io.devicejobs.config.LiveSettings;
import io.devicejobs.live.EventFeed;
import io.vertx.core.Vertx;

/** What every socket of an event loop uses. */
record LiveSocketServices(
    Vertx vertx,
    EventFeed feed,
    EventRouter router,
    Replayer replayer,
    LiveSockets sockets,
    LiveSettings settings) {}
