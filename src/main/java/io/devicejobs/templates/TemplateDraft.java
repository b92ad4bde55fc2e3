package io.devicejobs.templates;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A new template, validated, with what is derived from its document. */
public record TemplateDraft(
    String name,
    String description,
    String category,
    JsonObject document,
    Set<String> placeholders,
    Set<String> handlerNames,
    JsonObject rules,
    boolean isActive,
    String createdBy) {}
