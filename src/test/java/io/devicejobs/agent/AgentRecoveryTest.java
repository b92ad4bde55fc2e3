package io.devicejobs.agent;

import static io.devicejobs.agent.AgentFixture.command;
import static io.devicejobs.agent.AgentFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.devicejobs.testing.CapturedLog;
import io.devicejobs.testing.TestServer;
import io.devicejobs.testing.UnavailableGate;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outages, lost answers, crashes and stops: every report takes effect once, no job runs twice. */
class AgentRecoveryTest {
  private static final int RETRY_AFTER_SECONDS = 1;

  private static TestServer server;
  private static AgentFixture fixture;

  @TempDir Path state;
  @TempDir Path scratch;
  private TcpProxy proxy;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    fixture = new AgentFixture(server);
  }

  @BeforeEach
  void startProxy() throws IOException {
    proxy = new TcpProxy(server.port());
  }

  @AfterEach
  void stopAgentsAndProxy() throws Exception {
    fixture.stopAgents();
    proxy.close();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aReportMadeWhileTheServerIsDownIsDeliveredOnceItIsBack() throws IOException {
    String device = fixture.device("outage");
    fixture.start(fixture.configVia(proxy.port(), device, state));
    Path go = scratch.resolve("go");
    String job = fixture.execute(device, waitingFor(go), 600);
    awaitStartConfirmed(device, job);

    proxy.mode(TcpProxy.Mode.REFUSE);
    Files.createFile(go);
    Eventually.until(
        AgentFixture.WAIT, "the final report to wait in the spool", () -> spooled().size() == 1);
    assertEquals("IN_PROGRESS", fixture.execution(device, job).getString("status"));
    proxy.mode(TcpProxy.Mode.PASS);

    JsonObject execution = fixture.awaitFinal(device, job);
    assertEquals("SUCCEEDED", execution.getString("status"), execution.encode());
    assertEquals("=== Wait ===\ndone\n", execution.getString("stdout"));
    assertEquals(
        4, execution.getInteger("version_number"), "claim, IN_PROGRESS, SUCCEEDED: nothing twice");
    Eventually.until(AgentFixture.WAIT, "the spool to empty", () -> spooled().isEmpty());
  }

  @Test
  void aReportMadeWhileTheServerAnswers503IsResentAfterRetryAfterAndTheOutageLoggedOnce()
      throws IOException {
    try (CapturedLog log = new CapturedLog("io.devicejobs.agent");
        UnavailableGate gate = new UnavailableGate(server.port(), RETRY_AFTER_SECONDS)) {
      String device = fixture.device("unavailable");
      // Backoff of 50–500 ms: the waits below are the server's Retry-After, not the backoff.
      fixture.start(fixture.configVia(gate.port(), device, state));
      Path go = scratch.resolve("go");
      String job = fixture.execute(device, waitingFor(go), 600);
      awaitStartConfirmed(device, job);

      gate.unavailable(true);
      Files.createFile(go);
      Eventually.until(
          AgentFixture.WAIT,
          "three 503 answers to the final report",
          () -> gate.answered503() >= 3);
      assertEquals("IN_PROGRESS", fixture.execution(device, job).getString("status"));
      assertEquals(1, spooled().size(), "the report waits in the spool");
      gate.unavailable(false);

      JsonObject execution = fixture.awaitFinal(device, job);
      assertEquals("SUCCEEDED", execution.getString("status"), execution.encode());
      assertEquals(4, execution.getInteger("version_number"), "claim, IN_PROGRESS, SUCCEEDED");
      Eventually.until(AgentFixture.WAIT, "the spool to empty", () -> spooled().isEmpty());
      assertTrue(gate.retries().size() >= 3, gate.retries()::toString);
      assertEquals(
          List.of(),
          gate.retriesSoonerThan(Duration.ofSeconds(RETRY_AFTER_SECONDS)),
          "Retry-After");
      Eventually.until(
          AgentFixture.WAIT,
          "the end of the outage to be logged",
          () -> !log.lines(Level.INFO, "available again").isEmpty());
      assertEquals(1, log.lines(Level.WARN, "").size(), () -> "one WARN: " + log);
      assertEquals(1, log.lines(Level.WARN, "unavailable").size());
      assertEquals(1, log.lines(Level.INFO, "available again").size());
    }
  }

  @Test
  void aReportWhoseAnswerWasLostIsRecognisedWhenResentAndNotAppliedTwice() throws IOException {
    String device = fixture.device("lost-answer");
    fixture.start(fixture.configVia(proxy.port(), device, state));
    Path go = scratch.resolve("go");
    String job = fixture.execute(device, waitingFor(go), 600);
    awaitStartConfirmed(device, job);

    proxy.mode(TcpProxy.Mode.DROP_ANSWERS);
    Files.createFile(go);
    Eventually.until(
        AgentFixture.WAIT,
        "the report to land while its answer is lost",
        () -> "SUCCEEDED".equals(fixture.execution(device, job).getString("status")));
    assertEquals(1, spooled().size(), "the agent does not know it landed");
    proxy.mode(TcpProxy.Mode.PASS);

    Eventually.until(
        AgentFixture.WAIT, "the resent report to be recognised", () -> spooled().isEmpty());
    JsonObject execution = fixture.execution(device, job);
    assertEquals("SUCCEEDED", execution.getString("status"));
    assertEquals(4, execution.getInteger("version_number"), "the resend changed nothing");
  }

  @Test
  void anAgentKilledMidJobReportsTheInterruptionAfterItsRestartWithoutRunningTheJobAgain()
      throws Exception {
    String device = fixture.device("crash");
    AgentConfig config = fixture.config(device, state);
    Agent first = fixture.start(config);
    Path marker = scratch.resolve("runs");
    String job =
        fixture.execute(
            device,
            document(false, command("Run once", "echo ran >> " + marker + "; exec sleep 30")),
            600);
    fixture.awaitStarted(device, job);
    // The shell creates the file before echo writes to it: wait for the line, not the file.
    Eventually.until(AgentFixture.WAIT, "the command to run", () -> ranLines(marker) == 1);

    first.halt();
    assertEquals("IN_PROGRESS", fixture.execution(device, job).getString("status"));
    assertTrue(Files.exists(state.resolve("journal.json")));
    fixture.start(config);

    JsonObject execution = fixture.awaitFinal(device, job);
    assertEquals("FAILED", execution.getString("status"), execution.encode());
    assertTrue(
        execution.getString("reason").startsWith("the agent restarted mid-job"),
        execution.getString("reason"));
    assertEquals(List.of("ran"), Files.readAllLines(marker), "the command ran once");
    Eventually.until(
        AgentFixture.WAIT,
        "the journal to be cleared",
        () -> !Files.exists(state.resolve("journal.json")));
  }

  @Test
  void stoppingTheAgentMidJobKillsTheStepAndReportsTheJobFailed() throws Exception {
    String device = fixture.device("stop");
    Agent agent = fixture.start(fixture.config(device, state));
    String job = fixture.execute(device, document(false, command("Sleep", "sleep,30")), 600);
    fixture.awaitStarted(device, job);

    agent.stop();

    JsonObject execution = fixture.execution(device, job);
    assertEquals("FAILED", execution.getString("status"), execution.encode());
    assertEquals(
        "the agent was stopped while the job ran (job canceled during step \"Sleep\")",
        execution.getString("reason"));
    assertEquals("Sleep", execution.getString("failed_step"));
    assertTrue(spooled().isEmpty());
    assertFalse(Files.exists(state.resolve("journal.json")));
  }

  /** The start report landed and the agent has its answer, so cutting the proxy now cannot lose that answer. */
  private void awaitStartConfirmed(String device, String job) {
    fixture.awaitStarted(device, job);
    Eventually.until(
        AgentFixture.WAIT,
        "the agent to have the answer to its start report",
        () -> spooled().isEmpty());
  }

  /** A job that waits until the test creates the file. */
  private static JsonObject waitingFor(Path file) {
    return document(
        true, command("Wait", "while [ ! -e " + file + " ]; do sleep 0.02; done; echo done"));
  }

  private static long ranLines(Path marker) {
    try {
      return Files.exists(marker)
          ? Files.readAllLines(marker).stream().filter("ran"::equals).count()
          : 0;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<Path> spooled() {
    try (Stream<Path> files = Files.list(state.resolve("spool"))) {
      return files
          .filter(
              f ->
                  f.getFileName().toString().endsWith(".json")
                      && !f.getFileName().toString().startsWith("."))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
