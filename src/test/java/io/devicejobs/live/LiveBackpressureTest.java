package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.live.socket.LiveSockets;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reader that stops reading is disconnected; the others do not notice. */
class LiveBackpressureTest extends LiveServerTest {
  private static final int DEVICES = 2_000;
  private static final int MAX_ROUNDS = 40;

  @Override
  protected Map<String, String> settings() {
    return Map.of("WS_WRITE_QUEUE_BYTES", "16384", "WS_SLOW_CONSUMER_MS", "300");
  }

  private static int firstDifference(List<Long> expected, List<Long> got) {
    int i = 0;
    while (i < expected.size() && i < got.size() && expected.get(i).equals(got.get(i))) {
      i++;
    }
    return i;
  }

  @Test
  void aStalledReaderIsDisconnectedWhileAHealthyOneKeepsReceiving() {
    fleet.bulk("flood", DEVICES, "flood");
    LiveSockets sockets = server.server().shared().liveSockets();
    try (LiveClient healthy = clients.open(server.port(), TestServer.ADMIN_KEY);
        LiveClient stalled = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      healthy.request(new JsonObject().put("type", "subscribe:all"));
      stalled.request(new JsonObject().put("type", "subscribe:all"));
      stalled.stall();

      // Floods of 2,000 CANCELED events until the server gives up on the stalled reader.
      int rounds = 0;
      List<JsonObject> received = new ArrayList<>();
      while (sockets.open() == 2) {
        assertTrue(++rounds <= MAX_ROUNDS, "the stalled reader was never disconnected");
        String job =
            assertStatus(
                    201,
                    api.post(
                        "/jobs/execute",
                        new JsonObject()
                            .put("job_name", "flood " + rounds)
                            .put("job_document", Fleet.document("true"))
                            .put("target_type", "group")
                            .put("target_groups", new JsonArray().add("flood"))))
                .getJsonObject("job")
                .getString("job_id");
        assertStatus(200, api.post("/jobs/executions/" + job + "/cancel", new JsonObject()));
        long lastOfRound =
            server.count(
                "SELECT max(seq) FROM job_events WHERE job_id = '"
                    + job
                    + "'"
                    + " AND device_uuid IS NOT NULL");
        received.addAll(healthy.until(f -> f.getLong("seq") == lastOfRound));
      }

      // The healthy reader got every one of them, in
      // order, and keeps receiving after the other left.
      List<Long> canceled =
          server.longs("SELECT seq FROM job_events WHERE status = 'CANCELED' ORDER BY seq");
      assertEquals(rounds * DEVICES, canceled.size());
      List<Long> got =
          received.stream()
              .filter(f -> "job:status".equals(f.getString("type")))
              .map(f -> f.getLong("seq"))
              .toList();
      assertTrue(
          canceled.equals(got),
          () ->
              "every CANCELED event in seq order; got "
                  + got.size()
                  + " of "
                  + canceled.size()
                  + ", first difference at "
                  + firstDifference(canceled, got));
      String device = fleet.register("after", 1).get(0);
      fleet.executeOn(List.of(device));
      assertStatus(200, fleet.poll(device));
      List<JsonObject> later = healthy.until(f -> device.equals(f.getString("device_uuid")));
      assertEquals("IN_PROGRESS", later.get(later.size() - 1).getString("status"));

      // Once it reads again, the stalled one finds out why it was closed.
      stalled.resume();
      assertEquals((short) 4000, stalled.awaitClosed());
      assertTrue(stalled.closeReason().startsWith("slow consumer"), stalled.closeReason());
      String metrics = api.get("/metrics").text();
      assertTrue(
          metrics.contains("devicejobs_ws_closed_total{reason=\"slow_consumer\"} 1.0"),
          "counted once");
    }
  }
}
