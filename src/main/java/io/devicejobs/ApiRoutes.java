package io.devicejobs;

import io.devicejobs.config.AppConfig;
import io.devicejobs.devices.DeviceApi;
import io.devicejobs.devices.DeviceStore;
import io.devicejobs.devices.GroupStore;
import io.devicejobs.devices.ProvisioningApi;
import io.devicejobs.executions.ClaimBatcher;
import io.devicejobs.executions.DeviceJobApi;
import io.devicejobs.executions.ExecutionStore;
import io.devicejobs.handlers.DeviceHandlerApi;
import io.devicejobs.handlers.HandlerApi;
import io.devicejobs.handlers.HandlerStore;
import io.devicejobs.http.ApiVerticle;
import io.devicejobs.http.BaseHandlers;
import io.devicejobs.http.Contract;
import io.devicejobs.http.ContractPaths;
import io.devicejobs.http.DatabaseOutage;
import io.devicejobs.http.ErrorResponder;
import io.devicejobs.http.RequestIds;
import io.devicejobs.http.RouterFactory;
import io.devicejobs.http.Routes;
import io.devicejobs.jobs.JobApi;
import io.devicejobs.jobs.JobStore;
import io.devicejobs.live.JobEventStore;
import io.devicejobs.live.socket.LiveSocketEndpoint;
import io.devicejobs.ops.HealthApi;
import io.devicejobs.ops.MetricsEndpoint;
import io.devicejobs.portal.ApiDocs;
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
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The composition root of the HTTP side: builds the stores and APIs of every feature over the shared
 * pool and caches, and puts them on one router per HTTP verticle (event loop).
 */
final class ApiRoutes implements RouterFactory {
  private static final String API_BASE = ApiVerticle.API_BASE;

  private final Shared shared;
  private final AppConfig config;

  ApiRoutes(Shared shared) {
    this.shared = shared;
    this.config = shared.config();
  }

  @Override
  public Router create(Vertx vertx, Contract.Loaded loaded) {
    Pool pool = shared.pool();
    Routes routes = Routes.of(vertx, loaded.contract());
    TemplateStore templates = new TemplateStore(pool);
    new TemplateApi(templates).mount(routes);
    HandlerStore handlers = new HandlerStore(pool);
    new HandlerApi(handlers).mount(routes);
    new DeviceHandlerApi(handlers).mount(routes);
    DeviceStore devices = new DeviceStore(pool, config.onlineWindow());
    new DeviceApi(
            devices,
            new GroupStore(pool),
            shared.idleDevices(),
            shared.credentials(),
            shared.jobMetrics(),
            shared.notices())
        .mount(routes);
    new ProvisioningApi(devices).mount(routes);
    AuditLog audit = new AuditLog(pool);
    CredentialStore credentials = new CredentialStore(pool);
    new AuthApi(credentials, shared.credentials(), audit, shared.notices()).mount(routes);
    new JobApi(
            new JobStore(pool),
            templates,
            shared.idleDevices(),
            shared.jobMetrics(),
            shared.notices())
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

    AccessGuard guard =
        new AccessGuard(
            new Authenticator(credentials, shared.credentials()),
            shared.rateLimits(),
            shared.keyUse(),
            audit);
    Map<String, AccessPolicy> policies = AccessPolicy.fromContract(loaded.document());
    Router api = guarded(routes.createRouter(), guard, policies);

    DatabaseOutage.install(vertx, shared.registry());
    Router root = Router.router(vertx);
    root.route().handler(new RequestIds()::assign).handler(BaseHandlers::securityHeaders);
    // The poll is most of the traffic: matched first, on the contract's own path, without the
    // sub-router and body handling that the other operations go through.
    String pollPath =
        API_BASE
            + ContractPaths.toRouterPath(
                loaded.contract().operation(DeviceJobApi.POLL_OPERATION).getOpenAPIPath());
    root.get(pollPath)
        .handler(guard.guarding(policies.get(DeviceJobApi.POLL_OPERATION)))
        .handler(AccessGuard::resume)
        .handler(deviceJobs::poll)
        .failureHandler(ErrorResponder::handle);
    // Live job status: authenticated before the upgrade (a
    // ticket or a bearer key), outside the contract's router.
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
      root.route().handler(cors());
    }
    MetricsEndpoint.mount(root, config.metricsToken(), shared.registry());
    root.get("/openapi.yaml")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .end(shared.contractYaml()));
    Buffer contractJson = loaded.document().toBuffer();
    root.get("/openapi.json")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(contractJson));
    root.route(API_BASE + "/*").subRouter(api);
    ApiDocs.mount(root);
    Portal.mount(root, API_BASE);
    root.route().failureHandler(ErrorResponder::handle);
    BaseHandlers.answerUnmatchedWithJson(root);
    return root;
  }

  /**
   * Bodies are read (and capped, 413) first; then every operation's access policy, from the same
   * contract, is checked; then the contract's validation and the handler run.
   */
  private Router guarded(Router api, AccessGuard guard, Map<String, AccessPolicy> policies) {
    api.route()
        .order(-20_000)
        .handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    int order = -10_000;
    for (AccessPolicy policy : policies.values()) {
      api.route(
              HttpMethod.valueOf(policy.method().toUpperCase(Locale.ROOT)),
              ContractPaths.toRouterPath(policy.path()))
          .order(order++)
          .handler(guard.guarding(policy));
    }
    api.route().failureHandler(ErrorResponder::handle);
    BaseHandlers.answerUnmatchedWithJson(api);
    return api;
  }

  private CorsHandler cors() {
    return CorsHandler.create()
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
                HttpMethod.DELETE));
  }
}
