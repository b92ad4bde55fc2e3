package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Resuming after a disconnect: since_seq replays exactly what was missed, within the replay window. */
class LiveReplayTest extends LiveServerTest {
  private static final int MAX_REPLAY = 20;

  @Override
  protected Map<String, String> settings() {
    return Map.of("WS_MAX_REPLAY_EVENTS", Integer.toString(MAX_REPLAY));
  }

  @Test
  void aReconnectWithSinceSeqReceivesExactlyTheMissedEventsInOrder() {
    String x = fleet.register("resume-x", 1).get(0);
    String y = fleet.register("resume-y", 1).get(0);
    long lastSeen;
    String first;
    try (LiveClient before = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      before.request(subscribeDevice(x, null));
      first = fleet.executeOn(List.of(x)).getString("job_id");
      assertStatus(200, fleet.poll(x));
      lastSeen = before.next().getLong("seq");
    }
    // While away: X finishes, Y works, X claims another job, reports progress, fails.
    assertStatus(200, fleet.report(x, first, new JsonObject().put("status", "SUCCEEDED")));
    String other = fleet.executeOn(List.of(y)).getString("job_id");
    assertStatus(200, fleet.poll(y));
    String second = fleet.executeOn(List.of(x)).getString("job_id");
    assertStatus(200, fleet.poll(x));
    assertStatus(200, fleet.report(x, second, new JsonObject().put("status", "IN_PROGRESS")));
    assertStatus(200, fleet.report(y, other, new JsonObject().put("status", "SUCCEEDED")));
    assertStatus(200, fleet.report(x, second, new JsonObject().put("status", "FAILED")));
    List<Long> missed =
        server.longs(
            "SELECT seq FROM job_events WHERE device_uuid = '"
                + x
                + "' AND seq > "
                + lastSeen
                + " ORDER BY seq");
    assertEquals(4, missed.size());

    try (LiveClient after = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      JsonObject ack = after.request(subscribeDevice(x, lastSeen));
      assertEquals(lastSeen, ack.getLong("since_seq"));
      List<JsonObject> frames = List.of(after.next(), after.next(), after.next(), after.next());
      assertEquals(
          missed, frames.stream().map(f -> f.getLong("seq")).toList(), () -> "in order: " + frames);
      assertEquals(
          List.of("SUCCEEDED", "IN_PROGRESS", "IN_PROGRESS", "FAILED"),
          frames.stream().map(f -> f.getString("status")).toList());
      assertTrue(frames.stream().allMatch(f -> x.equals(f.getString("device_uuid"))));

      // Then live, without repeating anything.
      String third = fleet.executeOn(List.of(x)).getString("job_id");
      assertStatus(200, fleet.poll(x));
      JsonObject live = after.next();
      assertEquals(third, live.getString("job_id"));
      assertTrue(live.getLong("seq") > missed.get(3));
      assertEquals(List.of(), after.drain());
    }
  }

  @Test
  void aJobReplayEndsWithTheJobsCurrentProgress() {
    List<String> devices = fleet.register("progress-replay", 3);
    String job = fleet.executeOn(devices).getString("job_id");
    long before = latestSeq();
    for (String device : devices) {
      assertStatus(200, fleet.poll(device));
      assertStatus(200, fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
    }
    // Otherwise the last events could still be on their
    // way to the feed, and follow live after the replay.
    server.awaitLiveFeedCaughtUp();
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.request(
          new JsonObject()
              .put("type", "subscribe:job")
              .put("job_id", job)
              .put("since_seq", before));
      List<JsonObject> frames = client.until(f -> "job:progress".equals(f.getString("type")));
      assertEquals(
          7, frames.size(), () -> "six status frames, then the job's progress once: " + frames);
      JsonObject progress = frames.get(6);
      assertEquals("SUCCEEDED", progress.getString("status"));
      assertEquals(3, progress.getJsonObject("counts").getLong("succeeded"));
      assertEquals(3, progress.getJsonObject("counts").getLong("total"));
    }
  }

  @Test
  void tooManyEventsToReplayAskForAReloadAndTheSocketStaysUsable() {
    long before = latestSeq();
    fleet.bulk("many", MAX_REPLAY + 5, "many");
    String job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "many")
                        .put("job_document", Fleet.document("true"))
                        .put("target_type", "group")
                        .put("target_groups", new JsonArray().add("many"))))
            .getJsonObject("job")
            .getString("job_id");
    assertStatus(200, api.post("/jobs/executions/" + job + "/cancel", new JsonObject()));
    // Events the feed has not published yet would follow live instead of being replayed.
    server.awaitLiveFeedCaughtUp();
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.send(new JsonObject().put("type", "subscribe:all").put("since_seq", before));
      JsonObject error = client.next();
      assertEquals("error", error.getString("type"));
      assertEquals("reload_required", error.getString("code"));
      assertEquals("subscribe:all", error.getString("request"));
      assertTrue(error.getString("message").contains("reload the state over HTTP"), error::encode);
      client.assertAlive();
      assertEquals(
          "ack", client.request(new JsonObject().put("type", "subscribe:all")).getString("type"));
    }
  }

  @Test
  void aSinceSeqOlderThanTheReplayWindowAsksForAReload() throws Exception {
    String device = fleet.register("old-events", 1).get(0);
    long before = latestSeq();
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, fleet.poll(device));
    // A day passes (for every event so far: the older a seq, the older its event).
    server.execute("UPDATE job_events SET occurred_at = now() - interval '25 hours'");
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.send(subscribeDevice(device, before));
      JsonObject tooOld = client.next();
      assertEquals("reload_required", tooOld.getString("code"), tooOld::encode);
      assertEquals(device, tooOld.getString("device_uuid"));
      assertTrue(
          tooOld.getString("message").contains("older than the replay window (24 h)"),
          tooOld::encode);

      // The retention sweep deletes them; replaying from
      // before the deleted ones is refused just the same.
      assertTrue(server.server().purgeLiveEventsNow().await(30, TimeUnit.SECONDS) >= 2);
      assertEquals(0, server.count("SELECT count(*) FROM job_events WHERE seq <= " + (before + 2)));
      client.send(subscribeDevice(device, 0L));
      assertEquals("reload_required", client.next().getString("code"));

      // Without since_seq, it subscribes from now on.
      client.request(subscribeDevice(device, null));
      assertStatus(200, fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
      assertEquals("SUCCEEDED", client.next().getString("status"));
    }
  }

  @Test
  void aSinceSeqBeyondTheLastEventIsRefused() {
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.send(
          new JsonObject().put("type", "subscribe:all").put("since_seq", latestSeq() + 1_000));
      JsonObject error = client.next();
      assertEquals("invalid_field", error.getString("code"));
      assertTrue(error.getString("message").startsWith("since_seq"), error::encode);
      client.assertAlive();
    }
  }

  private long latestSeq() {
    return server.count("SELECT COALESCE(max(seq), 0) FROM job_events");
  }
}
