package io.devicejobs.http;

import io.devicejobs.config.AppConfig;
import io.devicejobs.devices.DeviceApi;
import io.devicejobs.devices.DeviceStore;
import io.devicejobs.devices.GroupStore;
import io.devicejobs.handlers.HandlerApi;
import io.devicejobs.handlers.HandlerStore;
import io.devicejobs.ops.HealthApi;
import io.devicejobs.templates.TemplateApi;
import io.devicejobs.templates.TemplateStore;
import io.devicejobs.Shared;
import io.devicejobs.executions.ClaimBatcher;
import io.devicejobs.executions.DeviceJobApi;
import io.devicejobs.executions.ExecutionStore;
import io.devicejobs.jobs.JobApi;
import io.devicejobs.jobs.JobStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API: routes and validation come from the OpenAPI contract; one instance runs per event loop.
 */
public final class ApiVerticle extends VerticleBase {
  public static final String API_BASE = "/api/v1";

  private final Shared shared;
  private final AppConfig config;
  private final int port;
  private HttpServer server;

  public ApiVerticle(Shared shared, int port) {
    this.shared = shared;
    this.config = shared.config();
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return Contract.load(vertx)
        .map(this::router)
        .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                .setHost(config.host())
                .setPort(port)
                .setCompressionSupported(true)
                .setTcpNoDelay(true))
            .requestHandler(router)
            .listen())
        .onSuccess(listening -> server = listening);
  }

  /** Stops accepting connections and lets in-flight requests finish within the grace period. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Router router(OpenAPIContract contract) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, new ExactRequestExtractor());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    Routes routes = new Routes(builder);
    Pool pool = shared.pool();
    TemplateStore templates = new TemplateStore(pool);
    new TemplateApi(templates).mount(routes);
    new HandlerApi(new HandlerStore(pool)).mount(routes);
    new DeviceApi(new DeviceStore(pool, config.onlineWindow()), new GroupStore(pool), shared.idleDevices()).mount(routes);
    new JobApi(new JobStore(pool), templates, shared.idleDevices()).mount(routes);
    ExecutionStore executions = new ExecutionStore(pool);
    // Two batches at a time per event loop keep the pool busy while the next batch gathers.
    ClaimBatcher claims = new ClaimBatcher(executions, 2, 256);
    new DeviceJobApi(executions, claims, shared.idleDevices(), shared.presence()).mount(routes);
    routes.notImplementedForTheRest();

    Router api = builder.createRouter();
    api.route().failureHandler(ErrorResponder::handle);
    answerUnmatchedWithJson(api);

    Router root = Router.router(vertx);
    new HealthApi(pool).mount(root);
    root.get("/metrics").handler(PrometheusScrapingHandler.create(shared.registry()));
    root.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").end(shared.contractYaml()));
    root.route(API_BASE + "/*").subRouter(api);
    root.route().failureHandler(ErrorResponder::handle);
    answerUnmatchedWithJson(root);
    return root;
  }

  private static void answerUnmatchedWithJson(Router router) {
    router.errorHandler(404, ctx -> ErrorResponder.send(ctx, ErrorResponder.forStatus(404, null)));
    router.errorHandler(405, ctx -> ErrorResponder.send(ctx, ErrorResponder.forStatus(405, null)));
    router.errorHandler(500, ErrorResponder::handle);
  }
}
