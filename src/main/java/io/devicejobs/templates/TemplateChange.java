package io.devicejobs.templates;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A partial update of a template: null means "keep". Nullable fields that may be cleared say whether they
 * were given. When the document changes, its derived placeholders and handlers change with it.
 */
public record TemplateChange(
    String name,
    boolean descriptionGiven,
    String description,
    String category,
    JsonObject document,
    Set<String> placeholders,
    Set<String> handlerNames,
    Boolean isActive,
    boolean createdByGiven,
    String createdBy,
    JsonObject rules) {

  public boolean isEmpty() {
    return name == null
        && !descriptionGiven
        && category == null
        && document == null
        && isActive == null
        && !createdByGiven
        && rules == null;
  }
}
