package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The frames of docs/websocket.md: what a client may send, and what it gets back. */
class LiveProtocolTest extends LiveServerTest {

  @Override
  protected Map<String, String> settings() {
    return Map.of("WS_MAX_SUBSCRIPTIONS", "2");
  }

  @Test
  void malformedFramesGetErrorFramesAndTheSocketSurvives() {
    Map<String, String> expected =
        Map.ofEntries(
            Map.entry("not json", "malformed_frame"),
            Map.entry("[1, 2]", "malformed_frame"),
            Map.entry("{}", "malformed_frame"),
            Map.entry("{\"type\": 5}", "malformed_frame"),
            Map.entry("{\"type\": \"dance\"}", "unknown_type"),
            Map.entry("{\"type\": \"subscribe:jobs\"}", "invalid_field"),
            Map.entry(
                "{\"type\": \"subscribe:jobs\", \"device_uuid\": \"1-1-1-1-1\"}", "invalid_field"),
            Map.entry("{\"type\": \"subscribe:job\", \"job_id\": 12}", "invalid_field"),
            Map.entry("{\"type\": \"subscribe:all\", \"since_seq\": -1}", "invalid_field"),
            Map.entry("{\"type\": \"subscribe:all\", \"since_seq\": \"5\"}", "invalid_field"),
            Map.entry("{\"type\": \"subscribe:all\", \"since_seq\": 1.5}", "invalid_field"),
            Map.entry(
                "{\"type\": \"ping\", \"padding\": \"" + "x".repeat(5_000) + "\"}",
                "malformed_frame"));
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      for (var bad : expected.entrySet()) {
        client.sendText(bad.getKey());
        JsonObject error = client.next();
        assertEquals("error", error.getString("type"), bad::getKey);
        assertEquals(
            bad.getValue(), error.getString("code"), () -> bad.getKey() + " → " + error.encode());
        assertFalse(error.getString("message").isBlank());
        client.assertAlive();
      }
      client.sendBinary(Buffer.buffer("{\"type\": \"ping\"}"));
      assertEquals("malformed_frame", client.next().getString("code"));
      client.assertAlive();
      assertTrue(client.request(new JsonObject().put("type", "subscribe:all")).getLong("seq") >= 0);
    }
  }

  @Test
  void subscriptionsAreLimitedPerSocketAndUnsubscribingFreesThem() {
    UUID device = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.request(new JsonObject().put("type", "subscribe:all"));
      client.request(deviceFrame("subscribe:jobs", device));
      client.send(jobFrame("subscribe:job", job));
      JsonObject refused = client.next();
      assertEquals("too_many_subscriptions", refused.getString("code"));
      assertEquals(job.toString(), refused.getString("job_id"));
      // Subscribing again to the same topic replaces the subscription: no new place needed.
      client.request(deviceFrame("subscribe:jobs", device));

      JsonObject gone = client.request(deviceFrame("unsubscribe:jobs", device));
      assertEquals("unsubscribe:jobs", gone.getString("request"));
      assertTrue(gone.getBoolean("was_subscribed"));
      assertFalse(
          client.request(deviceFrame("unsubscribe:jobs", device)).getBoolean("was_subscribed"));
      assertEquals(
          job.toString(), client.request(jobFrame("subscribe:job", job)).getString("job_id"));
      assertTrue(client.request(jobFrame("unsubscribe:job", job)).getBoolean("was_subscribed"));
      assertTrue(
          client
              .request(new JsonObject().put("type", "unsubscribe:all"))
              .getBoolean("was_subscribed"));
    }
  }

  @Test
  void anEventMatchingTwoSubscriptionsOfASocketIsSentOnce() {
    String device = fleet.register("overlap", 1).get(0);
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.request(new JsonObject().put("type", "subscribe:all"));
      client.request(deviceFrame("subscribe:jobs", UUID.fromString(device)));
      String job = fleet.executeOn(List.of(device)).getString("job_id");
      assertStatus(200, fleet.poll(device));
      assertStatus(200, fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
      // Until the report's own status frame: a progress frame shows the job's counts when it is
      // sent, so the
      // claim's one may already say SUCCEEDED while the report's frames are still on their way.
      List<JsonObject> frames =
          client.until(
              f ->
                  "job:status".equals(f.getString("type"))
                      && "SUCCEEDED".equals(f.getString("status")));
      Set<Long> seqs = new HashSet<>();
      frames.forEach(f -> assertTrue(seqs.add(f.getLong("seq")), () -> "sent twice: " + frames));
      assertEquals(
          2,
          frames.stream().filter(f -> "job:status".equals(f.getString("type"))).count(),
          frames::toString);
    }
  }

  @Test
  void metricsCountSocketsSubscriptionsFramesAndTheNotificationLag() {
    String device = fleet.register("metered", 1).get(0);
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.request(deviceFrame("subscribe:jobs", UUID.fromString(device)));
      fleet.executeOn(List.of(device));
      assertStatus(200, fleet.poll(device));
      client.next();
      String metrics = api.get("/metrics").text();
      for (String series :
          List.of(
              "devicejobs_ws_sockets ",
              "devicejobs_ws_subscriptions ",
              "devicejobs_ws_frames_delivered_total ",
              "devicejobs_live_events_published_total ",
              "devicejobs_live_events_pending ",
              "devicejobs_live_notification_lag_seconds_count ")) {
        assertTrue(metrics.contains(series), () -> "metrics lack " + series);
      }
      assertTrue(
          metrics
              .lines()
              .anyMatch(l -> l.startsWith("devicejobs_ws_sockets ") && !l.endsWith(" 0.0")),
          "an open socket is counted");
    }
  }

  private static JsonObject deviceFrame(String type, UUID device) {
    return new JsonObject().put("type", type).put("device_uuid", device.toString());
  }

  private static JsonObject jobFrame(String type, UUID job) {
    return new JsonObject().put("type", type).put("job_id", job.toString());
  }
}
