package io.devicejobs.live.socket;

import io.devicejobs.config.LiveSettings;
import io.devicejobs.http.ApiError;
import io.devicejobs.http.ErrorResponder;
import io.devicejobs.live.EventFeed;
import io.devicejobs.live.JobEventStore;
import io.devicejobs.live.LiveAddresses;
import io.devicejobs.live.LiveBatch;
import io.devicejobs.security.AccessGuard;
import io.devicejobs.security.AccessPolicy;
import io.devicejobs.security.LiveTickets;
import io.devicejobs.security.Principal;
import io.devicejobs.security.RateLimits;
import io.devicejobs.security.Role;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/ws}: the live job status WebSocket (docs/websocket.md). The caller is authenticated before
 * the upgrade, with a single-use ticket ({@code ?ticket=}, for browsers) or an operator key as a bearer (viewer
 * and up); without a valid one the answer is a 401 and no socket opens.
 */
public final class LiveSocketEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSocketEndpoint.class);

  /** Under the API base. */
  public static final String PATH = "/ws";

  private static final AccessPolicy POLICY =
      new AccessPolicy(
          "openLiveSocket", "get", PATH, true, EnumSet.allOf(Role.class), false, false, false);

  /** Batches waiting for a stalled event loop before the bus drops them (one batch per feed read). */
  private static final int MAX_WAITING_BATCHES = 100_000;

  private final LiveTickets tickets;
  private final RateLimits limits;
  private final Handler<RoutingContext> bearerCheck;
  private final LiveSocketServices services;

  public LiveSocketEndpoint(
      Vertx vertx,
      AccessGuard guard,
      RateLimits limits,
      LiveTickets tickets,
      EventFeed feed,
      JobEventStore events,
      LiveSockets sockets,
      LiveSettings settings) {
    this.tickets = tickets;
    this.limits = limits;
    this.bearerCheck = guard.guarding(POLICY);
    EventRouter router = new EventRouter(feed::start);
    // The router's consumer is this event loop's only one for live events; the router notices if
    // the bus drops
    // batches while the loop is stalled, but with this much room that takes a stall of many
    // seconds.
    vertx
        .eventBus()
        .<LiveBatch>consumer(
            new MessageConsumerOptions()
                .setAddress(LiveAddresses.EVENTS)
                .setLocalOnly(true)
                .setMaxBufferedMessages(MAX_WAITING_BATCHES),
            message -> router.route(message.body()));
    this.services =
        new LiveSocketServices(
            vertx,
            feed,
            router,
            new Replayer(events, settings.eventRetention(), settings.maxReplayEvents()),
            sockets,
            settings);
  }

  /** First handler: a ticket in the query, otherwise the operator key in the Authorization header. */
  public void authenticate(RoutingContext ctx) {
    String ticket = ctx.queryParams().get("ticket");
    if (ticket == null) {
      bearerCheck.handle(ctx);
      return;
    }
    HttpServerRequest request = ctx.request();
    String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
    if (!limits.mayTryAuthentication(address)) {
      AccessGuard.tooMany(ctx, limits.failureRetryAfter(address));
      return;
    }
    request.pause();
    tickets
        .redeem(ticket)
        .onComplete(
            redeemed -> {
              if (redeemed.failed()) {
                ctx.fail(redeemed.cause());
              } else if (redeemed.result().isEmpty()) {
                limits.authenticationFailed(address);
                AccessGuard.unauthorized(
                    ctx,
                    "the ticket is unknown, expired or already used; get a new one from"
                        + " POST /api/v1/auth/ws-ticket");
              } else {
                ctx.put(Principal.KEY, redeemed.result().get());
                ctx.next();
              }
            });
  }

  /** Second handler: limits, then the upgrade. */
  public void upgrade(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      ctx.response().putHeader("Upgrade", "websocket");
      ErrorResponder.send(
          ctx,
          new ApiError(
              426,
              "upgrade_required",
              "this endpoint speaks WebSocket only (see docs/websocket.md)",
              null));
      return;
    }
    if (!services.sockets().tryOpen()) {
      ctx.response().putHeader("Retry-After", "10");
      ErrorResponder.send(
          ctx,
          new ApiError(
              503,
              "too_many_sockets",
              "this server has as many live sockets open as it allows; try again later or another instance",
              null));
      return;
    }
    Principal principal = ctx.get(Principal.KEY);
    request
        .toWebSocket()
        .onComplete(
            upgraded -> {
              if (upgraded.failed()) {
                services.sockets().closed();
                LOG.debug("WebSocket upgrade failed: {}", upgraded.cause().toString());
              } else {
                LiveSocket.serve(upgraded.result(), principal, services);
              }
            });
  }
}
