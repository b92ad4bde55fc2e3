package io.devicejobs.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Adapts "request in, future of JSON out" functions to route handlers, so handlers hold no plumbing. */
public final class Respond {
  private Respond() {}

  /** A JSON answer with the given status. */
  public static Handler<RoutingContext> json(
      int status, Function<RoutingContext, Future<JsonObject>> action) {
    return ctx -> run(ctx, action).onSuccess(body -> send(ctx, status, body)).onFailure(ctx::fail);
  }

  /** A JSON answer whose status the action decides (for example 200 or 201 for create-or-update). */
  public static Handler<RoutingContext> withStatus(Function<RoutingContext, Future<Reply>> action) {
    return ctx ->
        run(ctx, action)
            .onSuccess(reply -> send(ctx, reply.status(), reply.body()))
            .onFailure(ctx::fail);
  }

  /** 204 No Content once the action completes. */
  public static <T> Handler<RoutingContext> noContent(Function<RoutingContext, Future<T>> action) {
    return ctx ->
        run(ctx, action)
            .onSuccess(
                ignored -> {
                  ErrorResponder.databaseAnswered(ctx);
                  ctx.response().setStatusCode(204).end();
                })
            .onFailure(ctx::fail);
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ErrorResponder.databaseAnswered(ctx);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.toBuffer());
  }

  /** Synchronous throws (validation in the handler) become failed futures like any other failure. */
  private static <T> Future<T> run(RoutingContext ctx, Function<RoutingContext, Future<T>> action) {
    try {
      return action.apply(ctx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** A status and a body. */
  public record Reply(int status, JsonObject body) {}
}
