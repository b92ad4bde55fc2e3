package io.devicejobs.ops;

import io.devicejobs.http.ApiError;
import io.devicejobs.http.ErrorResponder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code GET /metrics} for Prometheus, behind the optional METRICS_TOKEN (sent as a bearer token). */
public final class MetricsEndpoint {
  private final String token;

  private MetricsEndpoint(String token) {
    this.token = token;
  }

  public static void mount(Router root, String token, PrometheusMeterRegistry registry) {
    root.get("/metrics")
        .handler(new MetricsEndpoint(token)::access)
        .handler(PrometheusScrapingHandler.create(registry));
  }

  private void access(RoutingContext ctx) {
    String given = ctx.request().getHeader("Authorization");
    if (token == null
        || (given != null
            && MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(StandardCharsets.UTF_8)))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
    ErrorResponder.send(
        ctx,
        new ApiError(
            401, "unauthorized", "metrics need Authorization: Bearer <METRICS_TOKEN>", null));
  }
}
