package io.devicejobs.executions;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.ServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DevicePollTest extends ServerTest {

  private static final Duration NOTIFICATION_LIMIT = Duration.ofSeconds(10);

  @Test
  void answersNotFoundBadRequestOrNoContent() {
    String idle = fleet.register("idle", 1).get(0);
    ApiClient device = fleet.as(idle);
    assertError(404, "not_found", device.get("/devices/" + UUID.randomUUID() + "/jobs/next"));
    assertError(404, "not_found", device.get("/devices/not-a-uuid/jobs/next"));
    assertEquals(204, fleet.poll(idle).status());
    assertEquals(204, fleet.poll(idle).status(), "answered from the idle cache");
  }

  @Test
  void claimsTheHighestPriorityThenTheOldestAndHandsTheSameOneBackUntilItEnds() {
    String device = fleet.register("prio", 1).get(0);
    JsonObject low = fleet.executeOn(List.of(device));
    JsonObject high =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "urgent")
                        .put("job_document", Fleet.document("true"))
                        .put("priority", 10)
                        .put("target_type", "device")
                        .put("target_devices", new JsonArray().add(device))))
            .getJsonObject("job");
    JsonObject next = assertStatus(200, fleet.poll(device));
    assertEquals(high.getString("job_id"), next.getString("job_id"));
    assertEquals("urgent", next.getString("job_name"));
    assertEquals(2, next.getInteger("version_number"));
    assertEquals(1, next.getInteger("execution_number"));
    assertEquals(3600, next.getInteger("timeout_seconds"));
    int remaining = next.getInteger("seconds_remaining");
    assertTrue(remaining > 3590 && remaining <= 3600, "seconds_remaining " + remaining);
    assertTrue(next.getString("deadline_at").endsWith("Z"));
    assertEquals(
        "true",
        next.getJsonObject("job_document")
            .getJsonArray("steps")
            .getJsonObject(0)
            .getJsonObject("input")
            .getString("command"));
    assertEquals(
        high.getString("job_id"),
        assertStatus(200, fleet.poll(device)).getString("job_id"),
        "same one again");
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM device_job_status WHERE device_uuid = '"
                + device
                + "' AND status = 'IN_PROGRESS' AND deadline_at > started_at + interval '59 minutes'"));

    assertStatus(
        200,
        fleet.report(
            device, high.getString("job_id"), new JsonObject().put("status", "SUCCEEDED")));
    assertEquals(
        low.getString("job_id"), assertStatus(200, fleet.poll(device)).getString("job_id"));
  }

  @Test
  void concurrentPollsOfOneDeviceClaimExactlyOneExecution() throws Exception {
    String device = fleet.register("racer", 1).get(0);
    for (int i = 0; i < 5; i++) {
      fleet.executeOn(List.of(device));
    }
    List<ApiClient.Response> answers = concurrently(64, i -> fleet.poll(device));
    Set<String> handedOut = new HashSet<>();
    for (ApiClient.Response answer : answers) {
      handedOut.add(assertStatus(200, answer).getString("job_id"));
    }
    assertEquals(1, handedOut.size(), "every poll that returns a job returns the same one");
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM device_job_status WHERE device_uuid = '"
                + device
                + "' AND status = 'IN_PROGRESS'"));
    assertEquals(
        4,
        server.count(
            "SELECT count(*) FROM device_job_status WHERE device_uuid = '"
                + device
                + "' AND status = 'QUEUED'"));
  }

  @Test
  void aThousandDevicesPollingAtOnceEachClaimTheirOwnExecution() throws Exception {
    fleet.bulk("crowd", 1000, "crowd");
    JsonObject job =
        assertStatus(
                201,
                api.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", "crowd")
                        .put("job_document", Fleet.document("true"))
                        .put("target_type", "group")
                        .put("target_groups", new JsonArray().add("crowd"))))
            .getJsonObject("job");
    List<String> devices = new ArrayList<>();
    assertEquals(1000, job.getInteger("total_devices"));
    JsonObject page = assertStatus(200, api.get("/devices?group=crowd&limit=1000"));
    page.getJsonArray("devices").forEach(d -> devices.add(((JsonObject) d).getString("uuid")));
    List<ApiClient.Response> answers =
        concurrently(devices.size(), i -> fleet.poll(devices.get(i)));
    for (ApiClient.Response answer : answers) {
      assertEquals(job.getString("job_id"), assertStatus(200, answer).getString("job_id"));
    }
    assertEquals(
        1000,
        server.count(
            "SELECT count(DISTINCT device_uuid) FROM device_job_status WHERE job_id = '"
                + job.getString("job_id")
                + "' AND status = 'IN_PROGRESS'"));
    JsonObject after = fleet.job(job.getString("job_id"));
    assertEquals(1000, after.getLong("in_progress_count"));
    assertEquals(0, after.getLong("queued_count"));
    assertEquals("IN_PROGRESS", after.getString("status"));
  }

  @Test
  void workExecutedOnThisInstanceIsSeenByTheNextPollEvenWhenTheDeviceWasIdle() {
    String device = fleet.register("cached", 1).get(0);
    assertEquals(204, fleet.poll(device).status());
    assertEquals(204, fleet.poll(device).status());
    JsonObject job = fleet.executeOn(List.of(device));
    assertEquals(
        job.getString("job_id"), assertStatus(200, fleet.poll(device)).getString("job_id"));
  }

  @Test
  void workExecutedThroughAnotherInstanceIsPolledWithinOneSecond() {
    List<String> devices = fleet.register("two-instances", 2, "two-instances");
    try (TestServer other = TestServer.startOn(server.database(), Map.of())) {
      Fleet otherFleet = fleet.on(other);
      awaitListening(other);
      // Both devices are now known idle on the other instance.
      assertEquals(204, otherFleet.poll(devices.get(0)).status());
      assertEquals(204, otherFleet.poll(devices.get(1)).status());

      JsonObject single = fleet.executeOn(List.of(devices.get(0)));
      assertEquals(
          single.getString("job_id"),
          pollUntilWork(otherFleet, devices.get(0)).getString("job_id"));

      JsonObject everyone =
          assertStatus(
                  201,
                  api.post(
                      "/jobs/execute",
                      new JsonObject()
                          .put("job_name", "group")
                          .put("job_document", Fleet.document("true"))
                          .put("target_type", "group")
                          .put("target_groups", new JsonArray().add("two-instances"))))
              .getJsonObject("job");
      assertEquals(
          everyone.getString("job_id"),
          pollUntilWork(otherFleet, devices.get(1)).getString("job_id"));
    }
  }

  @Test
  void aDeletedDeviceCanNoLongerPoll() {
    String device = fleet.register("leaving", 1).get(0);
    assertEquals(204, fleet.poll(device).status());
    assertStatus(204, api.delete("/devices/" + device));
    assertError(401, "unauthorized", fleet.poll(device));
  }

  @Test
  void pollsRecordPresenceWithoutAWritePerPoll() {
    String device = fleet.register("present", 1).get(0);
    fleet.poll(device);
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM devices WHERE uuid = '"
                + device
                + "' AND last_seen_at IS NOT NULL"),
        "nothing written by the poll itself");
    server.server().flushPresenceNow().await();
    assertTrue(
        assertStatus(200, api.get("/devices/" + device))
            .getJsonObject("device")
            .getBoolean("is_online"));
  }

  @Test
  void aFlushWritesTheSightingsOfMoreDevicesThanOneStatementTakes() {
    // Several statements (parts) for one flush: every
    // sighting is written, none twice or lost between parts.
    List<UUID> seen =
        IntStream.range(0, ExecutionStore.PRESENCE_PART * 2 + 7)
            .mapToObj(i -> UUID.randomUUID())
            .toList();
    server.execute(
        "INSERT INTO devices (uuid, device_name) SELECT u, 'parts-' || u FROM unnest('{"
            + String.join(",", seen.stream().map(UUID::toString).toList())
            + "}'::uuid[]) AS u");
    seen.forEach(server.server().shared().presence()::seen);
    server.server().flushPresenceNow().await();
    assertEquals(
        seen.size(),
        server.count(
            "SELECT count(*) FROM devices WHERE device_name LIKE 'parts-%'"
                + " AND last_seen_at IS NOT NULL"));
  }

  /** The other instance's cache is on once its listener is proven; until then every poll goes to the database. */
  private void awaitListening(TestServer other) {
    Await.until(
        "the other instance's listener is proven",
        () -> other.server().shared().notices().lease().current());
  }

  /**
   * Polls the other instance until the notification reached it. The limit only ends a test that would
   * otherwise hang; it is no latency target, which a loaded machine could miss.
   */
  private JsonObject pollUntilWork(Fleet other, String device) {
    long deadline = System.nanoTime() + NOTIFICATION_LIMIT.toNanos();
    while (true) {
      ApiClient.Response answer = other.poll(device);
      if (answer.status() == 200) {
        return answer.json();
      }
      assertEquals(204, answer.status(), answer::toString);
      assertTrue(System.nanoTime() < deadline, "work not seen within " + NOTIFICATION_LIMIT);
    }
  }

  static List<ApiClient.Response> concurrently(int n, IntFunction<ApiClient.Response> call)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(Math.min(n, 64));
    try {
      List<CompletableFuture<ApiClient.Response>> calls =
          IntStream.range(0, n)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> call.apply(i), threads))
              .toList();
      List<ApiClient.Response> out = new ArrayList<>();
      for (CompletableFuture<ApiClient.Response> c : calls) {
        out.add(c.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      threads.shutdownNow();
    }
  }
}
