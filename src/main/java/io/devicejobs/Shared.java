package io.devicejobs;

import io.devicejobs.config.AppConfig;
import io.devicejobs.db.NoticeBarrier;
import io.devicejobs.db.Sightings;
import io.devicejobs.jobs.IdleDevices;
import io.devicejobs.jobs.JobMetrics;
import io.devicejobs.live.EventFeed;
import io.devicejobs.live.socket.LiveSockets;
import io.devicejobs.security.CredentialCache;
import io.devicejobs.security.RateLimits;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** What the verticles of one server process share. */
public record Shared(
    AppConfig config,
    Pool pool,
    PrometheusMeterRegistry registry,
    IdleDevices idleDevices,
    Sightings<UUID> presence,
    Buffer contractYaml,
    CredentialCache credentials,
    Sightings<String> keyUse,
    RateLimits rateLimits,
    EventFeed events,
    LiveSockets liveSockets,
    JobMetrics jobMetrics,
    NoticeBarrier notices) {}
