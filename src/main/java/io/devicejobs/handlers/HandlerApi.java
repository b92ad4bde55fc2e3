package io.devicejobs.handlers;

import io.devicejobs.http.ApiError;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.devicejobs.http.Text;
import io.devicejobs.security.AccessGuard;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** HTTP operations on the handler library (/jobs/handlers). */
public final class HandlerApi {
  private final HandlerStore store;

  public HandlerApi(HandlerStore store) {
    this.store = store;
  }

  public void mount(Routes routes) {
    routes
        .on("listHandlers", Respond.json(200, this::list))
        .on("createHandler", Respond.json(201, this::create))
        .on("getHandler", Respond.json(200, this::get))
        .on("updateHandler", Respond.json(200, this::update))
        .on("deleteHandler", Respond.noContent(this::delete));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    return store
        .list(RequestData.of(ctx).queryBoolean("active"))
        .map(
            handlers ->
                new JsonObject()
                    .put("handlers", new JsonArray(handlers))
                    .put("total", handlers.size()));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    JsonObject body = RequestData.of(ctx).body();
    HandlerScript handler =
        new HandlerScript(
            body.getString("name"),
            Text.freeText(body, "description"),
            body.getString("script_type", "bash"),
            script(body),
            body.getBoolean("is_active", true));
    ctx.put(AccessGuard.AUDIT_RESOURCE, handler.name());
    return store
        .insert(handler)
        .map(
            created ->
                created
                    .map(h -> envelope(h, "handler created"))
                    .orElseThrow(
                        () ->
                            ApiError.conflict(
                                "a handler named " + handler.name() + " already exists")));
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    String name = RequestData.of(ctx).pathString("name");
    return store
        .find(name)
        .map(
            found ->
                found
                    .map(h -> envelope(h, null))
                    .orElseThrow(() -> ApiError.notFound("handler " + name)));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    String name = request.pathString("name");
    JsonObject body = request.body();
    HandlerChange change =
        new HandlerChange(
            body.containsKey("description"),
            Text.freeText(body, "description"),
            body.getString("script_type"),
            script(body),
            body.getBoolean("is_active"));
    if (change.isEmpty()) {
      throw ApiError.badRequest(
          "nothing to update: give description, script_type, script or is_active");
    }
    return store
        .update(name, change)
        .map(
            updated ->
                updated
                    .map(h -> envelope(h, "handler updated"))
                    .orElseThrow(() -> ApiError.notFound("handler " + name)));
  }

  private Future<Void> delete(RoutingContext ctx) {
    String name = RequestData.of(ctx).pathString("name");
    return store
        .delete(name)
        .map(
            outcome -> {
              if (!outcome.found()) {
                throw ApiError.notFound("handler " + name);
              }
              if (!outcome.usedBy().isEmpty()) {
                throw ApiError.conflict(
                    "handler "
                        + name
                        + " is used by templates "
                        + String.join(", ", outcome.usedBy())
                        + "; change or delete them first");
              }
              return null;
            });
  }

  private static String script(JsonObject body) {
    String script = Text.freeText(body, "script");
    if (script != null && script.isBlank()) {
      throw ApiError.invalidField("/script", "must not be blank");
    }
    return script;
  }

  private static JsonObject envelope(JsonObject handler, String message) {
    JsonObject out = new JsonObject().put("handler", handler);
    return message == null ? out : out.put("message", message);
  }
}
