package io.devicejobs.jobs;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/** A job ready to be created: its rendered document, settings and targets. */
public record NewJob(
    UUID jobId,
    String jobName,
    String description,
    Long templateId,
    String templateName,
    JsonObject document,
    Set<String> handlerNames,
    JsonObject parameters,
    Targets targets,
    int timeoutSeconds,
    int priority,
    UUID rerunOf,
    String createdBy) {}
