package io.devicejobs.http;

import io.devicejobs.db.Page;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.UUID;

/** Typed access to a request's parameters and body after the contract has validated them. */
public final class RequestData {
  private final ValidatedRequest validated;

  private RequestData(ValidatedRequest validated) {
    this.validated = validated;
  }

  public static RequestData of(RoutingContext ctx) {
    ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (validated == null) {
      throw new IllegalStateException(
          "route " + ctx.normalizedPath() + " was not validated against the contract");
    }
    return new RequestData(validated);
  }

  public String pathString(String name) {
    return validated.getPathParameters().get(name).getString();
  }

  public long pathLong(String name) {
    return validated.getPathParameters().get(name).getLong();
  }

  /** The contract checks the shape; this turns it into a UUID. */
  public UUID pathUuid(String name) {
    return Uuids.parse(pathString(name), name);
  }

  public String queryString(String name) {
    RequestParameter p = validated.getQuery().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  public Boolean queryBoolean(String name) {
    RequestParameter p = validated.getQuery().get(name);
    return p == null || p.isNull() ? null : p.getBoolean();
  }

  public Integer queryInteger(String name) {
    RequestParameter p = validated.getQuery().get(name);
    return p == null || p.isNull() ? null : p.getInteger();
  }

  public Page page() {
    Integer limit = queryInteger("limit");
    Integer offset = queryInteger("offset");
    return new Page(limit == null ? Page.DEFAULT_LIMIT : limit, offset == null ? 0 : offset);
  }

  /** The JSON body, or an empty object when the operation's body is optional and none was sent. */
  public JsonObject body() {
    RequestParameter body = validated.getBody();
    if (body == null || body.isNull()) {
      return new JsonObject();
    }
    Object value = body.get();
    if (!(value instanceof JsonObject json)) {
      throw ApiError.badRequest("the request body must be a JSON object");
    }
    return json;
  }

  public String header(String name) {
    RequestParameter p = validated.getHeaders().get(name);
    return p == null || p.isNull() ? null : p.getString();
  }
}
