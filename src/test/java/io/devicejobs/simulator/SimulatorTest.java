package io.devicejobs.simulator;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.CapturedLog;
import io.devicejobs.testing.TestServer;
import io.devicejobs.testing.UnavailableGate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Virtual devices against a real server. */
class SimulatorTest {

  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void startServer() {
    // Provisioning hundreds of devices with one key
    // would otherwise wait out the operator rate limit.
    server =
        TestServer.start(
            Map.of("OPERATOR_RATE_PER_SECOND", "100000", "OPERATOR_RATE_BURST", "100000"));
    api = server.client();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void virtualDevicesRunAGroupJobAndAreReusedByTheNextRun() throws Exception {
    try (Simulator simulator = Simulator.start(options("jobs", 20, 1.0))) {
      String job = executeOnGroup("jobs");
      await("every device to finish the job", () -> job(job).getLong("succeeded_count") == 20);
      // The server commits a report before its answer reaches the device that counts it.
      await(
          "the simulator to count every answered report",
          () -> simulator.stats().snapshot().jobsSucceeded() == 20);
      SimulatorStats.Snapshot stats = simulator.stats().snapshot();
      assertEquals(20, stats.jobsSucceeded());
      assertEquals(0, stats.errors());
      assertTrue(stats.polls() >= 20);
    }
    try (Simulator again = Simulator.start(options("jobs", 20, 0.0))) {
      String job = executeOnGroup("jobs");
      await("every reused device to fail the job", () -> job(job).getLong("failed_count") == 20);
      assertTrue(
          again.finalSummary().contains("20 (20 reused, 0 registered)"), again.finalSummary());
      assertEquals(0, again.stats().snapshot().errors(), "reused devices got new tokens");
    }
    assertEquals(20, assertStatus(200, api.get("/devices?group=jobs")).getLong("total"));
  }

  @Test
  void withRealTheJobEngineRunsTheDocument() throws Exception {
    SimulatorOptions real =
        new SimulatorOptions(
            apiBase(),
            2,
            Duration.ofMillis(200),
            null,
            1.0,
            Duration.ZERO,
            true,
            TestServer.ADMIN_KEY,
            "real",
            4,
            null,
            false);
    try (Simulator simulator = Simulator.start(real)) {
      JsonObject document =
          new JsonObject()
              .put("version", "1.0")
              .put("includeStdOut", true)
              .put(
                  "steps",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("name", "Echo")
                              .put("type", "runCommand")
                              .put("input", new JsonObject().put("command", "echo,for real"))));
      String job =
          assertStatus(
                  201,
                  api.post(
                      "/jobs/execute",
                      new JsonObject()
                          .put("job_name", "real")
                          .put("job_document", document)
                          .put("target_type", "group")
                          .put("target_groups", new JsonArray().add("real"))))
              .getJsonObject("job")
              .getString("job_id");
      await("both devices to run the job", () -> job(job).getLong("succeeded_count") == 2);

      String device =
          assertStatus(200, api.get("/devices?group=real"))
              .getJsonArray("devices")
              .getJsonObject(0)
              .getString("uuid");
      JsonObject execution =
          assertStatus(200, api.get("/devices/" + device + "/jobs"))
              .getJsonArray("jobs")
              .getJsonObject(0);
      assertEquals("=== Echo ===\nfor real\n", execution.getString("stdout"));
    }
  }

  @Test
  void aReportAnswered503IsResentNoSoonerThanRetryAfterUntilItLandsAndTheOutageIsLoggedOnce()
      throws Exception {
    // One device: every request after a 503 is that device's retry of its report.
    try (CapturedLog log = new CapturedLog("io.devicejobs.simulator");
        UnavailableGate gate = new UnavailableGate(server.port(), 1)) {
      try (Simulator simulator =
          Simulator.start(
              options(
                  URI.create("http://127.0.0.1:" + gate.port() + "/api/v1"),
                  "unavailable",
                  1,
                  1.0))) {
        gate.unavailableFor("PATCH"::equals);
        String job = executeOnGroup("unavailable");
        await("three 503 answers to the device's report", () -> gate.answered503() >= 3);
        assertEquals(0, job(job).getLong("succeeded_count"));
        gate.unavailable(false);

        await("the report to land after all", () -> job(job).getLong("succeeded_count") == 1);
        assertEquals(List.of(), gate.retriesSoonerThan(Duration.ofSeconds(1)), "Retry-After");
        await(
            "the end of the outage to be logged",
            () -> !log.lines(Level.INFO, "available again").isEmpty());
      }
      assertEquals(1, log.lines(Level.WARN, "").size(), () -> "one WARN: " + log);
    }
  }

  @Test
  void theThreadCountDoesNotGrowWithTheFleet() throws Exception {
    // The test server starts some of its own threads
    // (its worker pool) only under load: load it first.
    threadsWhileRunning("many", 1_000);
    int withFew = threadsWhileRunning("few", 10);
    int withMany = threadsWhileRunning("many", 1_000);

    assertTrue(
        withMany <= withFew + 2, "threads with 10 devices " + withFew + ", with 1000 " + withMany);
  }

  /** The process's threads while that many devices poll (the server's included; they do not change). */
  private static int threadsWhileRunning(String prefix, int devices) throws Exception {
    try (Simulator simulator = Simulator.start(options(prefix, devices, 1.0))) {
      await(
          "every device to poll twice", () -> simulator.stats().snapshot().polls() >= 2L * devices);
      assertEquals(0, simulator.stats().snapshot().errors());
      return ThreadCount.now();
    }
  }

  private static SimulatorOptions options(String prefix, int devices, double successRatio) {
    return options(apiBase(), prefix, devices, successRatio);
  }

  private static SimulatorOptions options(
      URI server, String prefix, int devices, double successRatio) {
    return new SimulatorOptions(
        server,
        devices,
        Duration.ofMillis(200),
        null,
        successRatio,
        Duration.ofMillis(20),
        false,
        TestServer.ADMIN_KEY,
        prefix,
        16,
        null,
        false);
  }

  private static URI apiBase() {
    return URI.create("http://127.0.0.1:" + server.port() + "/api/v1");
  }

  private static String executeOnGroup(String group) {
    return assertStatus(
            201,
            api.post(
                "/jobs/execute",
                new JsonObject()
                    .put("job_name", "simulated")
                    .put(
                        "job_document",
                        new JsonObject()
                            .put("version", "1.0")
                            .put(
                                "steps",
                                new JsonArray()
                                    .add(
                                        new JsonObject()
                                            .put("type", "runCommand")
                                            .put(
                                                "input", new JsonObject().put("command", "true")))))
                    .put("target_type", "group")
                    .put("target_groups", new JsonArray().add(group))))
        .getJsonObject("job")
        .getString("job_id");
  }

  private static JsonObject job(String id) {
    return assertStatus(200, api.get("/jobs/executions/" + id)).getJsonObject("job");
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("waited 30 s for " + what);
      }
      Thread.sleep(20);
    }
  }
}
