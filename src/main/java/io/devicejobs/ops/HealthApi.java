package io.devicejobs.ops;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** Liveness (the process answers) and readiness (the database answers) for load balancers and orchestrators. */
public final class HealthApi {
  private static final long READY_TIMEOUT_MS = 2_000;
  private static final io.vertx.core.buffer.Buffer LIVE =
      new JsonObject().put("status", "UP").toBuffer();

  private final Pool pool;

  public HealthApi(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router router) {
    router
        .get("/health/live")
        .handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(LIVE));
    router.get("/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    pool.query("SELECT 1")
        .execute()
        .timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onComplete(
            result -> {
              JsonObject body =
                  result.succeeded()
                      ? new JsonObject()
                          .put("status", "UP")
                          .put("checks", new JsonObject().put("database", "UP"))
                      : new JsonObject()
                          .put("status", "DOWN")
                          .put("error", "database_unavailable")
                          .put("message", "the database does not answer")
                          .put("checks", new JsonObject().put("database", "DOWN"));
              ctx.response()
                  .setStatusCode(result.succeeded() ? 200 : 503)
                  .putHeader("Content-Type", "application/json")
                  .end(body.toBuffer());
            });
  }
}
