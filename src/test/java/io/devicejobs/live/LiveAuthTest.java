package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.live.socket.LiveSockets;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveClients;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may open the live socket, how a browser does it (tickets), and how many sockets one server keeps. */
class LiveAuthTest extends LiveServerTest {
  private static final int MAX_SOCKETS = 4;

  @Override
  protected Map<String, String> settings() {
    return Map.of("WS_MAX_SOCKETS", Integer.toString(MAX_SOCKETS));
  }

  @Test
  void withoutAValidOperatorKeyTheUpgradeIsRefusedBeforeItHappens() {
    String device = fleet.register("not-a-portal", 1).get(0);
    assertEquals(401, clients.refusal(server.port(), LiveClients.PATH, null));
    assertEquals(
        401, clients.refusal(server.port(), LiveClients.PATH, "Bearer djk_not-a-real-key"));
    assertEquals(
        403, clients.refusal(server.port(), LiveClients.PATH, "Bearer " + fleet.token(device)));
    assertError(401, "unauthorized", api.anonymous().get(LiveClients.PATH));
  }

  @Test
  void aViewerKeyMayWatchAndAPlainRequestIsToldToUpgrade() {
    String viewer = key("viewer");
    try (LiveClient client = clients.open(server.port(), viewer)) {
      client.request(new JsonObject().put("type", "subscribe:all"));
    }
    assertError(426, "upgrade_required", api.as(viewer).get(LiveClients.PATH));
  }

  @Test
  void aTicketOpensOneSocketOnceWithinItsLifetime() {
    String viewer = key("viewer");
    JsonObject issued = ticketFor(viewer);
    String ticket = issued.getString("ticket");
    assertTrue(ticket.startsWith("djt_"), issued::encode);
    assertEquals(60, issued.getInteger("expires_in_seconds"));
    assertEquals(LiveClients.PATH + "?ticket=" + ticket, issued.getString("url"));
    try (LiveClient client = clients.openWithTicket(server.port(), ticket)) {
      client.request(new JsonObject().put("type", "subscribe:all"));
    }
    assertEquals(401, clients.refusal(server.port(), issued.getString("url"), null), "single use");

    String expired = ticketFor(viewer).getString("ticket");
    server.execute("UPDATE live_tickets SET expires_at = now() - interval '1 second'");
    assertEquals(
        401, clients.refusal(server.port(), LiveClients.PATH + "?ticket=" + expired, null));
    assertEquals(
        401, clients.refusal(server.port(), LiveClients.PATH + "?ticket=djt_made-up", null));
  }

  @Test
  void aTicketDiesWithItsKey() {
    JsonObject created =
        assertStatus(
            201,
            api.post(
                "/auth/keys",
                new JsonObject().put("name", "soon revoked").put("role", "operator")));
    String ticket = ticketFor(created.getString("api_key")).getString("ticket");
    assertStatus(204, api.delete("/auth/keys/" + created.getJsonObject("key").getString("id")));
    assertEquals(401, clients.refusal(server.port(), LiveClients.PATH + "?ticket=" + ticket, null));
  }

  @Test
  void aServerKeepsAtMostItsLimitOfSockets() {
    LiveSockets sockets = server.server().shared().liveSockets();
    List<LiveClient> open = new ArrayList<>();
    try {
      while (sockets.open() < MAX_SOCKETS) {
        open.add(clients.open(server.port(), TestServer.ADMIN_KEY));
      }
      assertEquals(
          503, clients.refusal(server.port(), LiveClients.PATH, "Bearer " + TestServer.ADMIN_KEY));
      open.remove(0).close();
      Await.until("the closed socket is counted out", () -> sockets.open() < MAX_SOCKETS);
      open.add(clients.open(server.port(), TestServer.ADMIN_KEY));
    } finally {
      open.forEach(LiveClient::close);
    }
  }

  private String key(String role) {
    return assertStatus(
            201,
            api.post(
                "/auth/keys",
                new JsonObject().put("name", role + " " + System.nanoTime()).put("role", role)))
        .getString("api_key");
  }

  private JsonObject ticketFor(String key) {
    return assertStatus(201, api.as(key).post("/auth/ws-ticket", new JsonObject()));
  }
}
