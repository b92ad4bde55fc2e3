package io.devicejobs.live;

import java.util.UUID;

/**
 * One job event as published on the event bus: its position, whom it concerns, and the WebSocket frame already
 * encoded, so that a thousand subscribers share one string instead of encoding it a thousand times.
 *
 * @param device null for a job progress event
 * @param recordedAtMillis when the database recorded it (epoch milliseconds), for the notification lag
 */
public record LiveEvent(long seq, UUID jobId, UUID device, String frame, long recordedAtMillis) {}
