package io.devicejobs.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;

/**
 * A failure the client can act on. Every error answer of the API has the shape
 * {@code {"error": code, "message": text, "details": [...]}}.
 */
public final class ApiError extends RuntimeException {
  public static final String SERVICE_UNAVAILABLE = "service_unavailable";

  private final int status;
  private final String code;
  private final JsonArray details;
  private final JsonObject extras = new JsonObject();
  private Integer retryAfterSeconds;

  public ApiError(int status, String code, String message, JsonArray details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details == null ? new JsonArray() : details;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message, null);
  }

  /** A field of the request is invalid; {@code pointer} is a JSON pointer into the request body. */
  public static ApiError invalidField(String pointer, String message) {
    return validation(
        pointer.isEmpty() ? message : pointer + ": " + message, List.of(detail(pointer, message)));
  }

  public static ApiError validation(String message, Collection<JsonObject> details) {
    return new ApiError(400, "validation_failed", message, new JsonArray(List.copyOf(details)));
  }

  /** The database cannot be reached now; the client should retry after {@code retryAfterSeconds}. */
  public static ApiError serviceUnavailable(int retryAfterSeconds) {
    ApiError error =
        new ApiError(
            503,
            SERVICE_UNAVAILABLE,
            "the database is unavailable for the moment; retry after the seconds in Retry-After",
            null);
    error.retryAfterSeconds = retryAfterSeconds;
    return error;
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " not found", null);
  }

  public static ApiError conflict(String message) {
    return new ApiError(409, "conflict", message, null);
  }

  public static JsonObject detail(String pointer, String message) {
    return new JsonObject().put("pointer", pointer).put("message", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The value of the Retry-After header to send with this answer, or null for none. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Adds a field to the error body, such as the current state in a conflict. */
  public ApiError with(String field, Object value) {
    extras.put(field, value);
    return this;
  }

  public JsonObject toJson() {
    JsonObject body = new JsonObject().put("error", code).put("message", getMessage());
    extras.forEach(e -> body.put(e.getKey(), e.getValue()));
    if (!details.isEmpty()) {
      body.put("details", details);
    }
    return body;
  }
}
