package io.devicejobs.live;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.TestDatabase;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seqs are taken before commit, so a higher one can commit first. The feed holds the higher one back until the
 * lower one is final, so that a client resuming after the last seq it saw never skips the lower one.
 */
class LiveWatermarkTest extends LiveServerTest {

  @Override
  protected Map<String, String> settings() {
    return Map.of("LIVE_CATCH_UP_MS", "20");
  }

  @Test
  void aLowerSeqThatCommitsAfterAHigherOneIsNeverSkipped() throws Exception {
    // X and Y run executions of different jobs, so that their transactions share no row.
    String x = fleet.register("first-numbered", 1).get(0);
    String y = fleet.register("first-committed", 1).get(0);
    String jobX = fleet.executeOn(List.of(x)).getString("job_id");
    String jobY = fleet.executeOn(List.of(y)).getString("job_id");
    assertStatus(200, fleet.poll(x));
    assertStatus(200, fleet.poll(y));
    EventFeed feed = server.server().shared().events();
    server.awaitLiveFeedCaughtUp();

    try (LiveClient watcher = clients.open(server.port(), TestServer.ADMIN_KEY)) {
      long cursor = watcher.request(new JsonObject().put("type", "subscribe:all")).getLong("seq");
      long lower;
      long higher;
      try (Connection t1 =
              DriverManager.getConnection(
                  server.database().jdbcUrl(),
                  server.database().user(),
                  server.database().password());
          Statement sql = t1.createStatement()) {
        // T1 takes the lower seq and stays open...
        t1.setAutoCommit(false);
        sql.executeUpdate(
            "UPDATE device_job_status SET status = 'SUCCEEDED', finished_at = now(),"
                + " version_number = version_number + 1 WHERE device_uuid = '"
                + x
                + "' AND job_id = '"
                + jobX
                + "'");
        try (ResultSet rs =
            sql.executeQuery("SELECT max(seq) FROM job_events WHERE device_uuid = '" + x + "'")) {
          rs.next();
          lower = rs.getLong(1);
        }
        // The feed reads while T1 is the newest transaction (no
        // snapshot lists it as running yet): it holds back.
        readNow(feed, lower);
        assertTrue(
            feed.delivered() < lower,
            () -> "delivered up to " + feed.delivered() + ", lower " + lower);

        // T2, a device's report through the API, takes a higher seq and commits.
        assertStatus(200, fleet.report(y, jobY, new JsonObject().put("status", "SUCCEEDED")));
        higher = server.count("SELECT max(seq) FROM job_events WHERE device_uuid = '" + y + "'");
        assertTrue(higher > lower && lower > cursor);

        // The feed reads and sees the higher seq committed, but holds it back.
        readNow(feed, higher);
        assertTrue(
            feed.delivered() < lower,
            () -> "delivered up to " + feed.delivered() + ", lower " + lower);
        assertEquals(
            List.of(),
            watcher.drain(),
            "nothing after the cursor is sent while the lower one is open");
        try (LiveClient resumer = clients.open(server.port(), TestServer.ADMIN_KEY)) {
          JsonObject ack =
              resumer.request(
                  new JsonObject().put("type", "subscribe:all").put("since_seq", cursor));
          assertEquals(0, ack.getInteger("replayed"));
          assertTrue(ack.getLong("seq") < lower, ack::encode);
        }
        t1.commit();
      }

      // Once T1 commits, both arrive, the lower first.
      assertEquals(List.of(lower, higher), statusSeqsUpTo(watcher, higher));
      // A client that was away since the cursor gets both on resuming, in the same order.
      try (LiveClient late = clients.open(server.port(), TestServer.ADMIN_KEY)) {
        late.request(new JsonObject().put("type", "subscribe:all").put("since_seq", cursor));
        assertEquals(List.of(lower, higher), statusSeqsUpTo(late, higher));
      }
    }
  }

  @Test
  void aLongTransactionInAnotherDatabaseOfTheServerHoldsNothingBack() throws Exception {
    String device = fleet.register("next-door", 1).get(0);
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    DatabaseSettings neighbour = TestDatabase.get().admin();
    try (LiveClient watcher = clients.open(server.port(), TestServer.ADMIN_KEY);
        Connection other =
            DriverManager.getConnection(
                neighbour.jdbcUrl(), neighbour.user(), neighbour.password());
        Statement sql = other.createStatement()) {
      watcher.request(new JsonObject().put("type", "subscribe:jobs").put("device_uuid", device));
      // Another database's transaction takes an id and
      // stays open, older than everything that follows.
      other.setAutoCommit(false);
      sql.execute("SELECT txid_current()");
      assertStatus(200, fleet.poll(device));
      assertEquals("IN_PROGRESS", watcher.next().getString("status"));
      assertStatus(200, fleet.report(device, job, new JsonObject().put("status", "SUCCEEDED")));
      assertEquals("SUCCEEDED", watcher.next().getString("status"));
      other.rollback();
    }
  }

  /**
   * Waits for one of the feed's frequent catch-up reads that knows {@code seq} (no hint: T2 cannot send one while
   * T1 holds the hint lock, and a NOTIFY from here would be a transaction of its own, changing what is tested).
   */
  private static void readNow(EventFeed feed, long seq) {
    long readsBefore = feed.reads();
    Await.until(
        "a read that knows seq " + seq,
        () -> feed.reads() > readsBefore + 1 && feed.knownSeq() >= seq);
  }

  private static List<Long> statusSeqsUpTo(LiveClient client, long last) {
    return client.until(f -> f.getLong("seq") == last).stream()
        .filter(f -> "job:status".equals(f.getString("type")))
        .map(f -> f.getLong("seq"))
        .toList();
  }
}
