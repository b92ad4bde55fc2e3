package io.devicejobs.config;

import java.time.Duration;

/**
 * Settings of live job status (the WebSocket endpoint and the event feed behind it), documented in
 * docs/configuration.md and docs/websocket.md.
 *
 * @param eventRetention how long events stay replayable (EVENT_RETENTION_HOURS)
 * @param catchUpInterval how often the feed reads the events table without a hint, as a safety net (LIVE_CATCH_UP_MS)
 * @param maxSockets open WebSockets per server instance (WS_MAX_SOCKETS)
 * @param maxSubscriptions subscriptions per socket (WS_MAX_SUBSCRIPTIONS)
 * @param maxReplayEvents events one subscription may replay; more means "reload over HTTP" (WS_MAX_REPLAY_EVENTS)
 * @param pingInterval a socket silent this long is pinged, and closed when silent for another one
 *     (WS_PING_INTERVAL_SECONDS)
 * @param writeQueueBytes bytes queued for a socket before it counts as full (WS_WRITE_QUEUE_BYTES)
 * @param slowConsumerGrace how long a socket's write queue may stay full before it is closed (WS_SLOW_CONSUMER_MS)
 * @param ticketLifetime how long a WebSocket ticket may wait to be used (WS_TICKET_SECONDS)
 */
public record LiveSettings(
    Duration eventRetention,
    Duration catchUpInterval,
    int maxSockets,
    int maxSubscriptions,
    int maxReplayEvents,
    Duration pingInterval,
    int writeQueueBytes,
    Duration slowConsumerGrace,
    Duration ticketLifetime) {}
