package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.security.Secrets;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.ServerTest;
import io.devicejobs.testing.TestServer;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instance B's notification listener is killed (its backend terminated) while B holds a key and an idle device
 * in memory. Whatever A answers after that is already true on B: the very next request B gets, however soon, and
 * whether or not B has noticed its loss yet, is answered as the database says. No test step waits for B.
 */
class ListenerLossAcrossInstancesTest extends ServerTest {
  private TestServer other;
  private Fleet otherFleet;

  @BeforeAll
  void startTheOtherInstance() {
    other = TestServer.startOn(server.database(), Map.of());
    otherFleet = fleet.on(other);
  }

  @AfterAll
  void stopTheOtherInstance() {
    other.close();
  }

  @Test
  void aKeyRevokedThroughAIsRefusedByBsVeryNextRequest() {
    JsonObject created =
        assertStatus(
            201,
            api.post("/auth/keys", new JsonObject().put("name", "revoked").put("role", "viewer")));
    String key = created.getString("api_key");
    awaitProvenListener();
    assertStatus(200, other.client().as(key).get("/devices"));
    assertTrue(
        other.server().shared().credentials().knownValid(Secrets.hash(key)),
        "B answers this key from memory");

    double lossesBefore = losses();
    terminateTheListenerOf(other);
    assertStatus(204, api.delete("/auth/keys/" + created.getJsonObject("key").getString("id")));

    assertStatus(401, other.client().as(key).get("/devices"));
    awaitLossCounted(lossesBefore);
  }

  @Test
  void workExecutedThroughADuringTheGapIsClaimedByBsVeryNextPoll() {
    String device = fleet.register("unheard", 1).get(0);
    awaitProvenListener();
    assertStatus(204, otherFleet.poll(device));
    assertTrue(
        other.server().shared().idleDevices().isIdle(UUID.fromString(device)),
        "B answers this device's polls from memory");

    double lossesBefore = losses();
    terminateTheListenerOf(other);
    String job = fleet.executeOn(List.of(device)).getString("job_id");

    JsonObject claimed = assertStatus(200, otherFleet.poll(device));
    assertEquals(job, claimed.getString("job_id"));
    awaitLossCounted(lossesBefore);
  }

  /** B's caches are on (the precondition, not the behaviour under test). */
  private void awaitProvenListener() {
    Await.until(
        "B's listener is proven by a heartbeat",
        () -> other.server().shared().notices().lease().current());
  }

  /**
   * Kills B's LISTEN backend only (its application_name names the instance); A's stays. Its last query is not
   * always the LISTEN: heartbeats are sent on the same connection.
   */
  private void terminateTheListenerOf(TestServer instance) {
    String name =
        NotificationVerticle.APPLICATION_NAME + instance.server().shared().notices().instanceId();
    assertEquals(
        1,
        instance.count(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = '"
                + name
                + "'"),
        "B's listener backend");
  }

  /** B notices the loss in the end (metric and log); the answers above never depended on it. */
  private void awaitLossCounted(double before) {
    Await.until("B counted its listener's loss", () -> losses() > before);
  }

  private double losses() {
    Counter losses =
        other.server().shared().registry().find("devicejobs.listener.losses").counter();
    return losses == null ? 0 : losses.count();
  }
}
