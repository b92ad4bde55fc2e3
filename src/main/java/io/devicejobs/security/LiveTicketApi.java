package io.devicejobs.security;

import io.devicejobs.http.ApiVerticle;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.UUID;

/** {@code POST /auth/ws-ticket}: a ticket for opening the live status WebSocket from a browser. */
public final class LiveTicketApi {
  public static final String OPERATION = "createWsTicket";

  private final LiveTickets tickets;
  private final Duration lifetime;
  private final String socketPath;

  public LiveTicketApi(LiveTickets tickets, Duration lifetime, String socketPath) {
    this.tickets = tickets;
    this.lifetime = lifetime;
    this.socketPath = socketPath;
  }

  public void mount(Routes routes) {
    routes.on(OPERATION, Respond.json(201, this::issue));
  }

  private Future<JsonObject> issue(RoutingContext ctx) {
    Principal caller = ctx.get(Principal.KEY);
    String ticket = Secrets.LIVE_TICKET.generate();
    return tickets
        .issue(ticket, UUID.fromString(caller.id()), lifetime)
        .map(
            expires ->
                new JsonObject()
                    .put("ticket", ticket)
                    .put("expires_at", expires.toString())
                    .put("expires_in_seconds", lifetime.toSeconds())
                    .put("url", ApiVerticle.API_BASE + socketPath + "?ticket=" + ticket));
  }
}
