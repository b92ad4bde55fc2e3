package io.devicejobs.http;

import io.devicejobs.Shared;
import io.devicejobs.config.AppConfig;
import io.devicejobs.devices.DeviceApi;
import io.devicejobs.devices.DeviceStore;
import io.devicejobs.devices.GroupStore;
import io.devicejobs.executions.ClaimBatcher;
import io.devicejobs.executions.DeviceJobApi;
import io.devicejobs.executions.ExecutionStore;
import io.devicejobs.handlers.DeviceHandlerApi;
import io.devicejobs.handlers.HandlerApi;
import io.devicejobs.handlers.HandlerStore;
import io.devicejobs.jobs.JobApi;
import io.devicejobs.jobs.JobStore;
import io.devicejobs.live.JobEventStore;
import io.devicejobs.live.socket.LiveSocketEndpoint;
import io.devicejobs.ops.HealthApi;
import io.devicejobs.portal.Portal;
import io.devicejobs.security.AccessGuard;
import io.devicejobs.security.AccessPolicy;
import io.devicejobs.security.AuditLog;
import io.devicejobs.security.AuthApi;
import io.devicejobs.security.Authenticator;
import io.devicejobs.security.CredentialStore;
import io.devicejobs.security.LiveTicketApi;
import io.devicejobs.security.LiveTickets;
import io.devicejobs.templates.TemplateApi;
import io.devicejobs.templates.TemplateStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.ext.web.openapi.router.impl.RouterBuilderImpl;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
  private final RequestIds requestIds = new RequestIds();

  public ApiVerticle(Shared shared, int port) {
    this.shared = shared;
    this.config = shared.config();
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return Contract.load(vertx)
        .map(this::router)
        .compose(
            router ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
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
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  private Router router(Contract.Loaded loaded) {
    OpenAPIContract contract = loaded.contract();
    ExactRequestExtractor extractor = new ExactRequestExtractor();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor);
    Routes routes = new Routes(builder, new ContractValidation(vertx, contract, extractor));
    Pool pool = shared.pool();
    TemplateStore templates = new TemplateStore(pool);
    new TemplateApi(templates).mount(routes);
    HandlerStore handlers = new HandlerStore(pool);
    new HandlerApi(handlers).mount(routes);
    new DeviceHandlerApi(handlers).mount(routes);
    DeviceStore deviceStore = new DeviceStore(pool, config.onlineWindow());
    new DeviceApi(
            deviceStore,
            new GroupStore(pool),
            shared.idleDevices(),
            shared.credentials(),
            shared.jobMetrics())
        .mount(routes);
    AuditLog audit = new AuditLog(pool);
    CredentialStore credentials = new CredentialStore(pool);
    new AuthApi(credentials, shared.credentials(), deviceStore, audit).mount(routes);
    new JobApi(new JobStore(pool), templates, shared.idleDevices(), shared.jobMetrics())
        .mount(routes);
    ExecutionStore executions = new ExecutionStore(pool);
    // Two batches at a time per event loop keep the pool busy while the next batch gathers.
    ClaimBatcher claims = new ClaimBatcher(executions, 2, 256);
    DeviceJobApi deviceJobs =
        new DeviceJobApi(
            executions, claims, shared.idleDevices(), shared.presence(), shared.jobMetrics());
    deviceJobs.mount(routes);
    LiveTickets liveTickets = new LiveTickets(pool);
    new LiveTicketApi(liveTickets, config.live().ticketLifetime(), LiveSocketEndpoint.PATH)
        .mount(routes);
    routes.notImplementedForTheRest();

    Router api = builder.createRouter();
    // Every operation's access policy, from the same contract, checked before validation and body
    // reading.
    AccessGuard guard =
        new AccessGuard(
            new Authenticator(credentials, shared.credentials()),
            shared.rateLimits(),
            shared.keyUse(),
            audit);
    Map<String, AccessPolicy> policies = AccessPolicy.fromContract(loaded.document());
    // Bodies are read (and capped, 413) first; then the guard; then the contract's validation and
    // the handler.
    api.route()
        .order(-20_000)
        .handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    int order = -10_000;
    for (AccessPolicy policy : policies.values()) {
      api.route(
              HttpMethod.valueOf(policy.method().toUpperCase(Locale.ROOT)),
              RouterBuilderImpl.toVertxWebPath(policy.path()))
          .order(order++)
          .handler(guard.guarding(policy));
    }
    api.route().failureHandler(ErrorResponder::handle);
    answerUnmatchedWithJson(api);

    Router root = Router.router(vertx);
    root.route().handler(requestIds::assign).handler(ApiVerticle::securityHeaders);
    // The poll is most of the traffic: matched first, on the contract's own path, without the
    // sub-router and body
    // handling that the other operations go through.
    String pollPath =
        API_BASE
            + RouterBuilderImpl.toVertxWebPath(
                contract.operation(DeviceJobApi.POLL_OPERATION).getOpenAPIPath());
    root.get(pollPath)
        .handler(guard.guarding(policies.get(DeviceJobApi.POLL_OPERATION)))
        .handler(AccessGuard::resume)
        .handler(deviceJobs::poll)
        .failureHandler(ErrorResponder::handle);
    // Live job status: authenticated before the upgrade (a ticket or a bearer key), outside the
    // contract's router.
    LiveSocketEndpoint live =
        new LiveSocketEndpoint(
            vertx,
            guard,
            shared.rateLimits(),
            liveTickets,
            shared.events(),
            new JobEventStore(pool),
            shared.liveSockets(),
            config.live());
    root.get(API_BASE + LiveSocketEndpoint.PATH)
        .handler(live::authenticate)
        .handler(live::upgrade)
        .failureHandler(ErrorResponder::handle);
    new HealthApi(pool).mount(root);
    if (!config.corsOrigins().isEmpty()) {
      root.route()
          .handler(
              CorsHandler.create()
                  .addOrigins(config.corsOrigins())
                  .allowedHeaders(
                      Set.of(
                          "Authorization",
                          "Content-Type",
                          "Idempotency-Key",
                          "X-Device-API-Key",
                          RequestIds.HEADER))
                  .exposedHeaders(Set.of(RequestIds.HEADER))
                  .allowedMethods(
                      Set.of(
                          HttpMethod.GET,
                          HttpMethod.POST,
                          HttpMethod.PUT,
                          HttpMethod.PATCH,
                          HttpMethod.DELETE)));
    }
    root.get("/metrics")
        .handler(this::metricsAccess)
        .handler(PrometheusScrapingHandler.create(shared.registry()));
    root.get("/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .end(shared.contractYaml()));
    root.route(API_BASE + "/*").subRouter(api);
    Portal.mount(root, API_BASE);
    root.route().failureHandler(ErrorResponder::handle);
    answerUnmatchedWithJson(root);
    return root;
  }

  /** Optional METRICS_TOKEN: Prometheus then sends it as a bearer token. */
  private void metricsAccess(RoutingContext ctx) {
    String token = config.metricsToken();
    String given = ctx.request().getHeader("Authorization");
    if (token == null
        || (given != null
            && java.security.MessageDigest.isEqual(
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
    ErrorResponder.send(
        ctx,
        new ApiError(
            401, "unauthorized", "metrics need Authorization: Bearer <METRICS_TOKEN>", null));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  private static void answerUnmatchedWithJson(Router router) {
    router.errorHandler(404, ctx -> ErrorResponder.send(ctx, ErrorResponder.forStatus(404, null)));
    router.errorHandler(405, ctx -> ErrorResponder.send(ctx, ErrorResponder.forStatus(405, null)));
    router.errorHandler(500, ErrorResponder::handle);
  }
}
