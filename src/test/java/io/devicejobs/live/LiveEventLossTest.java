package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The event bus drops messages for an event loop that falls too far behind. Such a loss is noticed (the feed's
 * batches no longer join up) and never silent: the sockets that missed events are closed with 4002, and the
 * clients resume with since_seq.
 */
class LiveEventLossTest extends LiveServerTest {

  @Test
  void socketsThatMissedEventsAreClosedAndResumeWithSinceSeq() {
    List<String> devices = fleet.register("lossy", 2);
    String x = devices.get(0);
    String job = fleet.executeOn(List.of(x)).getString("job_id");
    long lastSeen;
    try (LiveClient deviceSocket = clients.open(server.port(), TestServer.ADMIN_KEY);
        LiveClient allSocket = clients.open(server.port(), TestServer.ADMIN_KEY);
        LiveClient otherDevice = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      deviceSocket.request(subscribeDevice(x, null));
      allSocket.request(new JsonObject().put("type", "subscribe:all"));
      otherDevice.request(subscribeDevice(devices.get(1), null));
      assertStatus(200, fleet.poll(x));
      lastSeen = deviceSocket.next().getLong("seq");

      // A batch after everything published so far that does not join the last one: (delivered,
      // delivered + 1]
      // went missing on the way to every event loop.
      long delivered = server.server().shared().events().delivered();
      server
          .server()
          .vertx()
          .eventBus()
          .publish(LiveAddresses.EVENTS, new LiveBatch(delivered + 1, delivered + 1, List.of()));

      for (LiveClient client : List.of(deviceSocket, allSocket, otherDevice)) {
        assertEquals((short) 4002, client.awaitClosed());
        assertTrue(client.closeReason().contains("resume with since_seq"), client.closeReason());
      }
      assertTrue(
          api.get("/metrics")
              .text()
              .contains("devicejobs_ws_closed_total{reason=\"events_lost\"} 3.0"));
    }

    // The client resumes from the last event it saw, and live events flow again.
    try (LiveClient resumed = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      resumed.request(subscribeDevice(x, lastSeen));
      assertStatus(200, fleet.report(x, job, new JsonObject().put("status", "SUCCEEDED")));
      assertEquals("SUCCEEDED", resumed.next().getString("status"));
    }
  }

  /**
   * The watermark should make this impossible; the check under it makes it loud if it ever happens: an event that
   * commits after the feed passed its seq (here: a seq taken without a transaction id, used after the feed moved
   * on) makes every subscription reload over HTTP, since no cursor can resume from before it.
   */
  @Test
  void anEventCommittedAfterTheFeedPassedItsSeqMakesEverySubscriptionReload() throws Exception {
    String device = fleet.register("late", 1).get(0);
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    EventFeed feed = server.server().shared().events();
    long lateSeq = server.count("SELECT nextval('job_event_seq')");
    try (LiveClient all = clients.open(server.port(), TestServer.ADMIN_KEY);
        LiveClient onDevice = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      all.request(new JsonObject().put("type", "subscribe:all"));
      onDevice.request(subscribeDevice(device, null));
      assertStatus(200, fleet.poll(device));
      assertEquals("IN_PROGRESS", onDevice.next().getString("status"));
      server.awaitLiveFeedCaughtUp();
      assertTrue(feed.delivered() > lateSeq);
      assertEquals(0, feed.checkForLateEventsNow().await(30, TimeUnit.SECONDS));

      server.execute(
          "INSERT INTO job_events (seq, job_id, device_uuid, status, previous_status, execution_number,"
              + " version_number) VALUES ("
              + lateSeq
              + ", '"
              + job
              + "', '"
              + device
              + "', 'IN_PROGRESS', 'QUEUED', 1, 2)");
      assertEquals(1, feed.checkForLateEventsNow().await(30, TimeUnit.SECONDS));

      for (LiveClient client : List.of(all, onDevice)) {
        JsonObject reload =
            client.until(f -> "error".equals(f.getString("type"))).stream()
                .reduce((first, second) -> second)
                .orElseThrow();
        assertEquals("reload_required", reload.getString("code"), reload::encode);
        assertTrue(reload.getString("message").contains("out of order"), reload::encode);
        client.assertAlive();
      }
      assertTrue(api.get("/metrics").text().contains("devicejobs_live_late_events_total 1.0"));
      // The socket stays usable: a fresh subscription gets live events again.
      onDevice.request(subscribeDevice(device, null));
      assertStatus(200, fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
      assertEquals("SUCCEEDED", onDevice.next().getString("status"));
    }
  }
}
