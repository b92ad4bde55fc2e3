package io.devicejobs.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.http.ApiError;
import io.devicejobs.jobs.document.InvalidJobDocumentException;
import io.devicejobs.jobs.document.JobDocumentValidator;
import io.devicejobs.jobs.document.ValidatedDocument;
import io.devicejobs.jobs.rules.ParameterRules;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The boundary between request JSON and the job document rules: validates a document that arrived in a
 * request body and reports violations as a 400 whose pointers point into that body.
 */
public final class JobDocuments {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JobDocumentValidator VALIDATOR = new JobDocumentValidator();

  private JobDocuments() {}

  /** @param bodyPointer where the document sits in the request body, e.g. "/job_document" */
  public static ValidatedDocument validate(JsonObject document, String bodyPointer) {
    try {
      return VALIDATOR.validate(toNode(document));
    } catch (InvalidJobDocumentException e) {
      throw invalid("invalid job document", e, bodyPointer);
    }
  }

  /** The template's rules for its placeholders, checked against the placeholders its document uses. */
  public static ParameterRules rules(
      JsonObject rules, Set<String> placeholders, String bodyPointer) {
    try {
      return ParameterRules.parse(rules == null ? null : toNode(rules), placeholders);
    } catch (InvalidJobDocumentException e) {
      throw invalid("invalid parameter rules", e, bodyPointer);
    }
  }

  /** Violations as a 400 whose pointers point into the request body. */
  public static ApiError invalid(String what, InvalidJobDocumentException e, String bodyPointer) {
    List<JsonObject> details = new ArrayList<>();
    e.violations()
        .forEach(v -> details.add(ApiError.detail(bodyPointer + v.pointer(), v.message())));
    return ApiError.validation(what + ": " + bodyPointer + e.getMessage(), details);
  }

  public static JsonNode toNode(JsonObject json) {
    try {
      return MAPPER.readTree(json.encode());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JsonObject always encodes to JSON", e);
    }
  }

  public static ObjectNode toObjectNode(JsonObject json) {
    return (ObjectNode) toNode(json);
  }

  public static JsonObject toJson(JsonNode node) {
    return new JsonObject(node.toString());
  }

  /** A 400 naming each handler reference whose handler is not in the library. */
  public static ApiError missingHandlers(
      ValidatedDocument document, Set<String> missing, String bodyPointer) {
    List<JsonObject> details = new ArrayList<>();
    for (Map.Entry<String, String> ref : document.handlerReferences().entrySet()) {
      if (missing.contains(ref.getValue())) {
        details.add(
            ApiError.detail(
                bodyPointer + ref.getKey(),
                "handler \"" + ref.getValue() + "\" does not exist in the handler library"));
      }
    }
    return ApiError.validation(
        "invalid job document: unknown handler " + String.join(", ", missing), details);
  }
}
