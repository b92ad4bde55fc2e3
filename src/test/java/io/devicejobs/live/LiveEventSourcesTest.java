package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every way an execution changes is an event, whichever code path (or plain SQL) makes it. */
class LiveEventSourcesTest extends LiveServerTest {

  @Override
  protected Map<String, String> settings() {
    return Map.of("TIMEOUT_GRACE_SECONDS", "0");
  }

  @Test
  void timeoutsCancelsAndRemovalsAreEventsToo() throws Exception {
    List<String> devices = fleet.register("sources", 3);
    String late = devices.get(0);
    String canceled = devices.get(1);
    String removed = devices.get(2);
    String lateJob = fleet.executeOn(List.of(late)).getString("job_id");
    String canceledJob = fleet.executeOn(List.of(canceled)).getString("job_id");
    String removedJob = fleet.executeOn(List.of(removed)).getString("job_id");
    assertStatus(200, fleet.poll(late));
    // The claim's event must not arrive live: the subscription starts where the feed is.
    server.awaitLiveFeedCaughtUp();
    try (LiveClient client = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      client.request(new JsonObject().put("type", "subscribe:all"));

      server.execute(
          "UPDATE device_job_status SET deadline_at = now() - interval '1 minute'"
              + " WHERE device_uuid = '"
              + late
              + "'");
      assertEquals(1, server.server().sweepTimeoutsNow().await(30, TimeUnit.SECONDS));
      assertStatus(200, api.post("/jobs/executions/" + canceledJob + "/cancel", new JsonObject()));
      assertStatus(204, api.delete("/devices/" + removed));

      assertEquals(
          List.of(
              lateJob + " IN_PROGRESS→TIMED_OUT",
              canceledJob + " QUEUED→CANCELED",
              removedJob + " QUEUED→REMOVED"),
          statusChanges(client, 3));
    }
  }

  /** The next {@code n} job:status frames, as "job previous→status" (progress frames skipped). */
  private static List<String> statusChanges(LiveClient client, int n) {
    List<String> changes = new ArrayList<>();
    while (changes.size() < n) {
      JsonObject frame = client.next();
      if ("job:status".equals(frame.getString("type"))) {
        changes.add(
            frame.getString("job_id")
                + " "
                + frame.getString("previous_status")
                + "→"
                + frame.getString("status"));
      }
    }
    return changes;
  }
}
