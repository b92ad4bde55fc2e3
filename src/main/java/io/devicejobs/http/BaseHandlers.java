package io.devicejobs.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** What every router of the server does the same way: response headers and JSON for what matched nothing. */
public final class BaseHandlers {
  private BaseHandlers() {}

  public static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  public static void answerUnmatchedWithJson(Router router) {
    router.errorHandler(404, ctx -> ErrorResponder.send(ctx, ErrorResponder.forStatus(404, null)));
    router.errorHandler(405, ctx -> ErrorResponder.send(ctx, ErrorResponder.forStatus(405, null)));
    router.errorHandler(500, ErrorResponder::handle);
  }
}
