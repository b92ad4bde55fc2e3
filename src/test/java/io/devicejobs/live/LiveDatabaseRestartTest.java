package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveClients;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.RestartablePostgres;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database goes away and comes back while sockets are open. This class runs a PostgreSQL of its own (same
 * data directory and port across the restart): restarting the one the whole test run shares would break the
 * classes that run after it.
 */
class LiveDatabaseRestartTest {
  private static RestartablePostgres postgres;
  private static TestServer server;
  private static Fleet fleet;
  private static LiveClients clients;

  @BeforeAll
  static void start() throws Exception {
    postgres = RestartablePostgres.start(Files.createTempDirectory("device-jobs-restart-pg"));
    postgres.createDatabase("devicejobs");
    server = TestServer.startOn(postgres.settings("devicejobs"), Map.of());
    fleet = new Fleet(server);
    clients = new LiveClients();
  }

  @AfterAll
  static void stop() {
    clients.close();
    server.close();
    postgres.close();
  }

  @Test
  void afterADatabaseRestartSubscribersAreServedAgainAndMissedEventsReplayed() {
    String device = fleet.register("restarted", 1).get(0);
    try (LiveClient staying = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      staying.request(LiveServerTest.subscribeDevice(device, null));
      long lastSeen;
      String first;
      try (LiveClient leaving = clients.open(server.port(), TestServer.ADMIN_KEY)) {
        leaving.request(LiveServerTest.subscribeDevice(device, null));
        first = fleet.executeOn(List.of(device)).getString("job_id");
        assertStatus(200, fleet.poll(device));
        lastSeen = leaving.next().getLong("seq");
        assertEquals(lastSeen, staying.next().getLong("seq"));
      }

      postgres.stop();
      postgres.start();

      // Connections broken by the restart fail once; the
      // server reconnects (pool and listener) by itself.
      ApiClient api = server.client();
      Await.until("the database is ready again", () -> api.get("/health/ready").status() == 200);
      retrying(200, () -> fleet.report(device, first, new JsonObject().put("status", "SUCCEEDED")));
      String second = execute(device);
      retrying(200, () -> fleet.poll(device));
      retrying(200, () -> fleet.report(device, second, new JsonObject().put("status", "FAILED")));
      List<Long> missed =
          server.longs(
              "SELECT seq FROM job_events WHERE device_uuid = '"
                  + device
                  + "' AND seq > "
                  + lastSeen
                  + " ORDER BY seq");
      assertEquals(3, missed.size(), () -> "first job done, second claimed and failed: " + missed);

      // The socket that stayed gets them live; one that
      // reconnects with since_seq gets them as a replay.
      assertEquals(missed, seqs(staying, missed.size()));
      try (LiveClient back = clients.open(server.port(), TestServer.ADMIN_KEY)) {
        back.request(LiveServerTest.subscribeDevice(device, lastSeen));
        assertEquals(missed, seqs(back, missed.size()));
      }
    }
  }

  @Test
  void eventsCommittedWhileTheListenerIsDisconnectedAreDelivered() throws Exception {
    String device = fleet.register("unheard", 1).get(0);
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.request(LiveServerTest.subscribeDevice(device, null));
      // Only the listener's connection goes: its hints
      // for what follows are lost, the events are not.
      server
          .sql()
          .count(
              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                  + " WHERE datname = 'devicejobs' AND application_name LIKE '"
                  + NotificationVerticle.APPLICATION_NAME
                  + "%'");
      String job = execute(device);
      retrying(200, () -> fleet.poll(device));
      JsonObject claimed = client.next();
      assertEquals(job, claimed.getString("job_id"));
      assertEquals("IN_PROGRESS", claimed.getString("status"));
    }
  }

  /** A request that a pooled connection broken by the restart may fail with a 5xx (nothing was written then). */
  private static ApiClient.Response retrying(int expected, Supplier<ApiClient.Response> request) {
    ApiClient.Response response = request.get();
    for (int attempt = 0; response.status() >= 500 && attempt < 10; attempt++) {
      response = request.get();
    }
    assertEquals(expected, response.status(), response::toString);
    return response;
  }

  private static String execute(String device) {
    JsonObject body =
        new JsonObject()
            .put("job_name", "after restart")
            .put("job_document", Fleet.document("true"))
            .put("target_type", "device")
            .put("target_devices", new JsonArray().add(device));
    return retrying(201, () -> server.client().post("/jobs/execute", body))
        .json()
        .getJsonObject("job")
        .getString("job_id");
  }

  private static List<Long> seqs(LiveClient client, int n) {
    return IntStream.range(0, n).mapToObj(i -> client.next().getLong("seq")).toList();
  }
}
