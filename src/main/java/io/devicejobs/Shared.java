package io.devicejobs;

import io.devicejobs.config.AppConfig;
import io.devicejobs.executions.IdleDevices;
import io.devicejobs.executions.Presence;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;

/** What the verticles of one server process share. */
public record Shared(
    AppConfig config,
    Pool pool,
    PrometheusMeterRegistry registry,
    IdleDevices idleDevices,
    Presence presence,
    Buffer contractYaml) {
}
