package io.devicejobs.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the JSON error model. Input problems become 4xx answers that say what was wrong;
 * only a genuine server fault becomes a 500, and then without internals in the body.
 */
public final class ErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

  /** Seconds a client is asked to wait when the database is unavailable: about a restart's duration. */
  static final int RETRY_AFTER_SECONDS = 2;

  private ErrorResponder() {}

  /** A failure handler for routes and routers. */
  public static void handle(RoutingContext ctx) {
    ApiError error = toApiError(ctx.failure(), ctx.statusCode());
    // An outage is logged once by DatabaseOutage, not once per refused request.
    if (error.status() >= 500 && !ApiError.SERVICE_UNAVAILABLE.equals(error.code())) {
      LOG.atError()
          .addKeyValue(RequestIds.KEY, RequestIds.of(ctx))
          .setCause(ctx.failure())
          .log(
              "{} {} failed, request_id={}",
              ctx.request().method(),
              ctx.normalizedPath(),
              RequestIds.of(ctx));
    }
    send(ctx, error);
  }

  public static void send(RoutingContext ctx, ApiError error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a clean answer; end the exchange rather than leave the client waiting.
      response.reset();
      return;
    }
    if (error.status() == 413) {
      // The rest of the request body will not be read.
      response.putHeader("Connection", "close");
    }
    if (error.retryAfterSeconds() != null) {
      response.putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    if (ApiError.SERVICE_UNAVAILABLE.equals(error.code())) {
      DatabaseOutage.of(ctx.vertx()).refused();
    }
    io.vertx.core.json.JsonObject body = error.toJson();
    String requestId = RequestIds.of(ctx);
    if (requestId != null) {
      body.put(RequestIds.KEY, requestId);
    }
    response
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.toBuffer());
  }

  /** A handler answered after its database calls succeeded: ends an outage if one was under way. */
  public static void databaseAnswered(RoutingContext ctx) {
    DatabaseOutage.of(ctx.vertx()).succeeded();
  }

  /** The error answer a failure becomes. */
  public static ApiError toApiError(Throwable failure, int statusCode) {
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof HttpException http) {
      if (http.getCause() != null && http.getCause() != http) {
        ApiError fromCause = fromKnownCause(http.getCause());
        if (fromCause != null) {
          return fromCause;
        }
      }
      return forStatus(http.getStatusCode(), http.getPayload());
    }
    ApiError known = fromKnownCause(failure);
    if (known != null) {
      return known;
    }
    if (failure == null && statusCode > 0) {
      return forStatus(statusCode, null);
    }
    return new ApiError(500, "internal_error", "the server failed to process the request", null);
  }

  private static ApiError fromKnownCause(Throwable failure) {
    if (failure instanceof ApiError api) {
      return api;
    }
    if (DatabaseUnavailable.is(failure)) {
      return ApiError.serviceUnavailable(RETRY_AFTER_SECONDS);
    }
    if (failure instanceof SchemaValidationException schema) {
      return ApiError.validation(schema.getMessage(), SchemaViolations.of(schema.getOutputUnit()));
    }
    if (failure instanceof ValidatorException validator) {
      return ApiError.badRequest(validator.getMessage());
    }
    if (failure instanceof DecodeException) {
      return ApiError.badRequest("the request body is not valid JSON");
    }
    if (failure instanceof PgException pg) {
      return fromDatabase(pg);
    }
    return null;
  }

  /** Constraint violations the handlers did not anticipate are still the client's input, not a fault. */
  private static ApiError fromDatabase(PgException pg) {
    String state = pg.getSqlState() == null ? "" : pg.getSqlState();
    switch (state) {
      case "23505":
        return ApiError.conflict("a resource with the same unique value already exists");
      case "23503":
        return ApiError.conflict(
            "the request refers to a resource that does not exist or is still referenced");
      case "23514":
      case "23502":
      case "22001":
      case "22P02":
      case "22003":
        return ApiError.badRequest("a value in the request is out of range or malformed");
      default:
        return null;
    }
  }

  static ApiError forStatus(int status, String payload) {
    switch (status) {
      case 400:
        return ApiError.badRequest(payload != null ? payload : "the request is malformed");
      case 401:
        return new ApiError(401, "unauthorized", "authentication is required", null);
      case 403:
        return new ApiError(403, "forbidden", "this credential may not do that", null);
      case 404:
        return new ApiError(404, "not_found", "no such resource", null);
      case 405:
        return new ApiError(
            405, "method_not_allowed", "this resource does not support that method", null);
      case 413:
        return new ApiError(
            413, "payload_too_large", "the request body is larger than the server accepts", null);
      case 415:
        return new ApiError(
            415, "unsupported_media_type", "the request body must be application/json", null);
      default:
        if (status >= 400 && status < 500) {
          return new ApiError(
              status, "bad_request", payload != null ? payload : "the request was refused", null);
        }
        return new ApiError(
            500, "internal_error", "the server failed to process the request", new JsonArray());
    }
  }
}
