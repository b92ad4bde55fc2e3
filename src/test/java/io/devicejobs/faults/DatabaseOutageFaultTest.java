package io.devicejobs.faults;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.Invariants;
import io.devicejobs.testing.LiveClients;
import io.devicejobs.testing.RestartablePostgres;
import io.devicejobs.testing.ServerProcess;
import io.devicejobs.testing.Sql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped ({@code pg_ctl stop -m fast}) and started again while two server instances serve devices
 * polling, claiming and reporting and an operator executing jobs, and a WebSocket subscriber follows everything.
 * While the database is away every answer is a 2xx, a 4xx or a 503 (never a 500); each instance serves requests
 * that need the database again within 5 s of it being back; and every status event that was committed reaches the
 * subscriber (after {@code since_seq} if its socket was closed).
 */
@Tag("fault")
class DatabaseOutageFaultTest {
  private static final int DEVICES = 6;
  private static final int JOBS = 12;

  /** The bound: how soon after the database is back each instance must serve again. */
  private static final Duration RECOVERY = Duration.ofSeconds(5);

  @TempDir Path dir;
  private RestartablePostgres postgres;
  private Sql sql;
  private ServerProcess first;
  private ServerProcess second;
  private final LiveClients clients = new LiveClients();

  @BeforeEach
  void start() {
    postgres = RestartablePostgres.start(dir.resolve("postgres"));
    postgres.createDatabase("devicejobs");
    sql = new Sql(postgres.settings("devicejobs"));
    first = ServerProcess.on(postgres.settings("devicejobs"), dir, Map.of()).start();
    second = ServerProcess.on(postgres.settings("devicejobs"), dir, Map.of()).start();
  }

  @AfterEach
  void stop() {
    clients.close();
    first.close();
    second.close();
    postgres.close();
  }

  @Test
  void aDatabaseStopAndStartUnderLoadAnswers503AndLosesNoEvent() {
    StatusEventLog subscriber = new StatusEventLog(clients, first.port());
    long subscribedAt = subscriber.subscribe();
    Duration firstRecovery;
    Duration secondRecovery;
    FaultLoad load =
        new FaultLoad(first.client(), List.of(first.port(), second.port()), DEVICES, JOBS);
    try (load) {
      load.start();
      Await.until(
          "the load to get going (3 jobs executed, 20 reports accepted)",
          () -> load.operator.created.size() >= 3 && load.answers.acceptedReports.get() >= 20);

      postgres.stop();
      Await.until(
          "both instances to report the database unavailable",
          () -> ready(first) == 503 && ready(second) == 503);
      long calls = load.answers.total();
      Await.until(
          "the load to be answered while the database is down",
          () -> load.answers.total() > calls + 50);
      postgres.start();
      long back = System.nanoTime();
      firstRecovery = untilServing(first, back);
      secondRecovery = untilServing(second, back);

      Await.until("every job executed and finished on every device", () -> load.drained(sql));
    }
    Set<Long> committed =
        new TreeSet<>(
            sql.longs(
                "SELECT seq FROM job_events WHERE device_uuid IS NOT NULL AND seq > "
                    + subscribedAt));
    awaitDelivered(subscriber, committed);
    System.out.println(
        "DatabaseOutageFaultTest: answers "
            + load.answers.statuses()
            + "; serving again after "
            + firstRecovery.toMillis()
            + " ms and "
            + secondRecovery.toMillis()
            + " ms; "
            + committed.size()
            + " status events, subscriber reconnected "
            + subscriber.reconnects()
            + " times");

    Set<Long> missed = new TreeSet<>(committed);
    missed.removeAll(subscriber.statusEvents);
    assertAll(
        () ->
            assertEquals(
                Map.of(),
                load.answers.outside(s -> s >= 200 && s < 500 || s == 503),
                "answers other than 2xx, 4xx and 503, by operation and status; the servers logged:\n"
                    + errorsLogged(first)
                    + errorsLogged(second)),
        () -> assertEquals(List.of(), load.answers.problems(), "what the load found wrong"),
        () ->
            assertTrue(
                firstRecovery.compareTo(RECOVERY) <= 0,
                "the first instance served again after " + firstRecovery),
        () ->
            assertTrue(
                secondRecovery.compareTo(RECOVERY) <= 0,
                "the second instance served again after " + secondRecovery),
        () -> assertEquals(Set.of(), missed, "committed status events the subscriber missed"),
        () -> assertEquals(List.of(), subscriber.errors, "error frames to the subscriber"),
        () -> assertEquals(List.of(), Invariants.violations(sql), "invariants"));
  }

  /** The server's ERROR lines with what follows them (a 500 is logged with its cause). */
  private static String errorsLogged(ServerProcess server) {
    List<String> lines = server.output().lines().toList();
    StringBuilder errors = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("ERROR")) {
        lines
            .subList(i, Math.min(i + 12, lines.size()))
            .forEach(l -> errors.append(l).append('\n'));
      }
    }
    return errors.toString();
  }

  private static int ready(ServerProcess server) {
    return new ApiClient(server.port()).get("/health/ready").status();
  }

  /** Time from {@code backNanos} to the first 2xx of a request that needs the database. */
  private static Duration untilServing(ServerProcess server, long backNanos) {
    ApiClient admin = server.client();
    Await.until(
        "instance on port " + server.port() + " to serve again",
        () -> admin.get("/jobs/executions?limit=1").status() == 200);
    return Duration.ofNanos(System.nanoTime() - backNanos);
  }

  private static void awaitDelivered(StatusEventLog subscriber, Set<Long> committed) {
    try {
      Await.until(
          "the subscriber to receive every committed status event",
          () -> {
            subscriber.collect();
            return subscriber.statusEvents.containsAll(committed);
          });
    } catch (AssertionError e) {
      // The assertion on what was missed says which.
    }
  }
}
