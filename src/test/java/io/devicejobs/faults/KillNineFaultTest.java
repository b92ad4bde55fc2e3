package io.devicejobs.faults;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.Invariants;
import io.devicejobs.testing.ServerProcess;
import io.devicejobs.testing.Sql;
import io.devicejobs.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
 * A server process killed with SIGKILL while devices poll, claim and report and an operator executes jobs, then
 * started again on the same port and database: nothing committed is lost, nothing is claimed twice, a resent
 * report is recognised, an execution whose device went silent still times out, and the counts equal the rows.
 */
@Tag("fault")
class KillNineFaultTest {
  private static final int DEVICES = 6;
  private static final int JOBS = 16;
  private static final int TIMEOUT_GRACE_SECONDS = 1;

  @TempDir Path dir;
  private DatabaseSettings database;
  private Sql sql;
  private ServerProcess server;

  @BeforeEach
  void startServer() {
    database = TestDatabase.get().newDatabase();
    sql = new Sql(database);
    server =
        ServerProcess.on(
                database,
                dir,
                Map.of(
                    "TIMEOUT_GRACE_SECONDS",
                    String.valueOf(TIMEOUT_GRACE_SECONDS),
                    "SWEEP_INTERVAL_MS",
                    "200"))
            .start();
  }

  @AfterEach
  void stopServer() {
    server.close();
    TestDatabase.get().drop(database);
  }

  @Test
  void aServerKilledUnderLoadLosesNothingOnceItIsBack() {
    ApiClient admin = server.client();
    RegisteredDevice silent = RegisteredDevice.register(admin, "silent");
    try (FaultLoad load = new FaultLoad(admin, List.of(server.port()), DEVICES, JOBS).start()) {
      Await.until(
          "the load to get going (4 jobs executed, 20 reports accepted)",
          () -> load.operator.created.size() >= 4 && load.answers.acceptedReports.get() >= 20);
      // A device claims a short job and falls silent just before the crash:
      // only the restarted server can time it out.
      String stalled = executeOn(admin, silent.uuid(), 2);
      assertStatus(200, admin.as(silent.token()).get("/devices/" + silent.uuid() + "/jobs/next"));

      server.kill();
      long calls = load.answers.total();
      Await.until("the load to meet the dead server", () -> load.answers.total() > calls + 20);
      server.start();

      Await.until("every job executed and finished on every device", () -> load.drained(sql));
      load.close();

      Await.until(
          "the silent device's execution to time out",
          () -> "TIMED_OUT".equals(status(stalled, silent.uuid())));
      List<String> unrecognised = load.resendLastReports();
      System.out.println(
          "KillNineFaultTest: answers "
              + load.answers.statuses()
              + "; resends recognised after lost answers: "
              + load.answers.recognisedResends.get());
      assertAll(
          () -> assertEquals(List.of(), load.answers.problems(), "what the load found wrong"),
          () ->
              assertEquals(
                  Map.of(),
                  load.answers.outside(s -> s == 0 || s < 500 || s == 503),
                  "answers other than 2xx, 4xx, 503 (or none, while the server was down)"),
          () -> assertEquals(List.of(), unrecognised, "resent final reports, recognised"),
          () -> assertEachKeyMadeOneJobOnEveryDevice(load),
          () -> assertEquals(List.of(), doubleClaims(), "executions claimed more than once"),
          () ->
              assertEquals(
                  List.of(),
                  sql.strings(
                      "SELECT job_id || ' on ' || device_uuid FROM device_job_status"
                          + " WHERE status = 'IN_PROGRESS' AND deadline_at < now() - interval '"
                          + TIMEOUT_GRACE_SECONDS
                          + " seconds'"),
                  "executions in progress past their deadline and grace"),
          () -> assertEquals(List.of(), Invariants.violations(sql), "invariants"));
    }
  }

  /** One job per Idempotency-Key, whatever the retries across the crash, each finished by every device. */
  private void assertEachKeyMadeOneJobOnEveryDevice(FaultLoad load) {
    Set<String> keys = new TreeSet<>();
    for (int n = 0; n < JOBS; n++) {
      keys.add(LoadOperator.key(n));
    }
    assertEquals(
        keys,
        new TreeSet<>(
            sql.strings("SELECT job_name FROM job_executions WHERE job_name LIKE 'fault-job-%'")),
        "exactly the operator's jobs, each once");
    for (LoadDevice device : load.devices) {
      assertEquals(
          new TreeSet<>(load.operator.created.values()),
          new TreeSet<>(device.finished),
          () -> device.uuid + " finished every job, as it saw it");
    }
    assertTrue(load.drained(sql));
  }

  /** Claims are QUEUED → IN_PROGRESS events: at most one per execution. */
  private List<String> doubleClaims() {
    return sql.strings(
        "SELECT job_id || ' on ' || device_uuid || ': ' || count(*) FROM job_events"
            + " WHERE previous_status = 'QUEUED' AND status = 'IN_PROGRESS'"
            + " GROUP BY job_id, device_uuid HAVING count(*) > 1");
  }

  private String status(String job, String device) {
    List<String> found =
        sql.strings(
            "SELECT status FROM device_job_status WHERE job_id = '"
                + job
                + "' AND device_uuid = '"
                + device
                + "'");
    return found.isEmpty() ? null : found.get(0);
  }

  private static String executeOn(ApiClient admin, String device, int timeoutSeconds) {
    return assertStatus(
            201,
            admin.post(
                "/jobs/execute",
                new JsonObject()
                    .put("job_name", "silent job")
                    .put("job_document", Fleet.document("true"))
                    .put("target_type", "device")
                    .put("target_devices", new JsonArray().add(device))
                    .put("timeout_seconds", timeoutSeconds)))
        .getJsonObject("job")
        .getString("job_id");
  }
}
