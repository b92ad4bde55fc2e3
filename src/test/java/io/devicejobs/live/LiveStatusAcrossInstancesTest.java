package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveClients;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two server instances on one database: changes made through one reach sockets on the other. */
class LiveStatusAcrossInstancesTest {
  private static TestServer a;
  private static TestServer b;
  private static Fleet fleetOnA;
  private static LiveClients clients;

  @BeforeAll
  static void start() {
    a = TestServer.start();
    b = TestServer.startOn(a.database(), Map.of());
    fleetOnA = new Fleet(a);
    clients = new LiveClients();
  }

  @AfterAll
  static void stop() {
    clients.close();
    b.close();
    a.close();
  }

  @Test
  void aStatusChangeMadeThroughOneInstanceReachesASocketOnTheOther() {
    String device = fleetOnA.register("across", 1).get(0);
    try (LiveClient onB = clients.open(b.port(), TestServer.ADMIN_KEY)) {
      JsonObject ack = onB.request(LiveServerTest.subscribeDevice(device, null));
      assertEquals("subscribe:jobs", ack.getString("request"));
      assertEquals(device, ack.getString("device_uuid"));

      String job = fleetOnA.executeOn(List.of(device)).getString("job_id");
      assertStatus(200, fleetOnA.poll(device));
      JsonObject claimed = onB.next();
      assertEquals("job:status", claimed.getString("type"));
      assertEquals(job, claimed.getString("job_id"));
      assertEquals(device, claimed.getString("device_uuid"));
      assertEquals("IN_PROGRESS", claimed.getString("status"));
      assertEquals("QUEUED", claimed.getString("previous_status"));
      assertEquals(1, claimed.getInteger("execution_number"));
      assertEquals(2, claimed.getInteger("version_number"));
      assertTrue(claimed.getString("timestamp").endsWith("Z"));

      assertStatus(200, fleetOnA.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
      JsonObject done = onB.next();
      assertEquals("SUCCEEDED", done.getString("status"));
      assertEquals("IN_PROGRESS", done.getString("previous_status"));
      assertEquals(3, done.getInteger("version_number"));
      assertTrue(done.getLong("seq") > claimed.getLong("seq"));
    }
  }

  @Test
  void aDeviceSubscriptionNeverCarriesAnotherDevicesEvents() {
    List<String> devices = fleetOnA.register("isolated", 2);
    String x = devices.get(0);
    String y = devices.get(1);
    try (LiveClient onB = clients.open(b.port(), TestServer.ADMIN_KEY)) {
      onB.request(LiveServerTest.subscribeDevice(x, null));
      String jobY = fleetOnA.executeOn(List.of(y)).getString("job_id");
      assertStatus(200, fleetOnA.poll(y));
      assertStatus(200, fleetOnA.report(y, jobY, new JsonObject().put("status", "FAILED")));
      // X's change comes after Y's in seq order, and frames arrive in seq order: once X's arrives,
      // Y's had their
      // chance.
      String jobX = fleetOnA.executeOn(List.of(x)).getString("job_id");
      assertStatus(200, fleetOnA.poll(x));
      List<JsonObject> frames = onB.until(f -> jobX.equals(f.getString("job_id")));
      assertEquals(1, frames.size(), () -> "only X's claim: " + frames);
      assertEquals(x, frames.get(0).getString("device_uuid"));
      assertEquals(List.of(), onB.drain());
    }
  }

  @Test
  void aJobSubscriptionCarriesItsExecutionsAndItsProgress() {
    List<String> devices = fleetOnA.register("job-watch", 2);
    String job = fleetOnA.executeOn(devices).getString("job_id");
    String outsider = fleetOnA.register("job-other", 1).get(0);
    fleetOnA.executeOn(List.of(outsider));
    // Otherwise the job's creation could still reach the
    // subscription live, with the counts of a later moment.
    b.awaitLiveFeedCaughtUp();
    try (LiveClient onB = clients.open(b.port(), TestServer.ADMIN_KEY)) {
      onB.request(new JsonObject().put("type", "subscribe:job").put("job_id", job));
      assertStatus(200, fleetOnA.poll(devices.get(0)));
      assertStatus(200, fleetOnA.poll(outsider));
      assertStatus(
          200, fleetOnA.report(devices.get(0), job, new JsonObject().put("status", "SUCCEEDED")));
      // The report's status event, then its progress event
      // (numbered after it, in the same transaction).
      List<JsonObject> frames =
          new ArrayList<>(
              onB.until(
                  f ->
                      "SUCCEEDED".equals(f.getString("status"))
                          && devices.get(0).equals(f.getString("device_uuid"))));
      frames.addAll(
          onB.until(
              f ->
                  "job:progress".equals(f.getString("type"))
                      && f.getJsonObject("counts").getLong("succeeded") == 1));
      assertTrue(
          frames.stream().allMatch(f -> job.equals(f.getString("job_id"))),
          () -> "only this job: " + frames);
      JsonObject progress = frames.get(frames.size() - 1);
      assertEquals("IN_PROGRESS", progress.getString("status"));
      JsonObject counts = progress.getJsonObject("counts");
      assertEquals(1, counts.getLong("queued"));
      assertEquals(2, counts.getLong("total"));
      assertTrue(
          frames.stream()
              .anyMatch(
                  f ->
                      "SUCCEEDED".equals(f.getString("status"))
                          && devices.get(0).equals(f.getString("device_uuid"))),
          () -> "the execution's frame: " + frames);
    }
  }
}
