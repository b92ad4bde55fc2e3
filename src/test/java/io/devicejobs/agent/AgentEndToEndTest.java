package io.devicejobs.agent;

import static io.devicejobs.agent.AgentFixture.command;
import static io.devicejobs.agent.AgentFixture.document;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real server and a real agent running real commands. */
class AgentEndToEndTest {

  private static TestServer server;
  private static AgentFixture fixture;
  private static ApiClient api;

  @TempDir Path state;
  @TempDir Path scratch;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    fixture = new AgentFixture(server);
    api = fixture.api();
  }

  @AfterEach
  void stopAgents() throws InterruptedException {
    fixture.stopAgents();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aTemplateWithAnArgumentListAndAShellLineSucceedsWithItsOutput() throws IOException {
    String device = fixture.device("e2e-template");
    long template =
        assertStatus(
                201,
                api.post(
                    "/jobs/templates",
                    new JsonObject()
                        .put("name", "agent e2e")
                        .put(
                            "job_document",
                            document(
                                true,
                                command("Argument list", "printf,%s|%s\\n,{{WORD}},a\\,b"),
                                command("Shell line", "echo {{WORD}} | tr a-z A-Z")))))
            .getJsonObject("template")
            .getLong("id");
    fixture.start(fixture.config(device, state));

    String job = fixture.executeTemplate(device, template, new JsonObject().put("WORD", "hello"));
    JsonObject execution = fixture.awaitFinal(device, job);

    assertEquals("SUCCEEDED", execution.getString("status"), execution.encode());
    assertEquals(0, execution.getInteger("exit_code"));
    assertEquals(2, execution.getInteger("executed_steps"));
    assertEquals(
        "=== Argument list ===\nhello|a,b\n=== Shell line ===\nHELLO\n",
        execution.getString("stdout"));
    JsonArray steps =
        execution.getJsonObject("status_details").getJsonObject("progress").getJsonArray("steps");
    assertEquals("SUCCEEDED", steps.getJsonObject(1).getString("state"));
  }

  @Test
  void theSeededHealthCheckRunsForRealAndStopsAtCheckService() throws IOException {
    String device = fixture.device("e2e-health");
    String service = "device-jobs-no-such-service";
    fixture.start(fixture.config(device, state));

    String job =
        fixture.executeTemplate(
            device, templateId("health-check"), new JsonObject().put("SERVICE_NAME", service));
    JsonObject execution = fixture.awaitFinal(device, job);

    // The service does not exist, so the last step fails with whatever this machine's systemctl
    // says
    // (without systemd as init: 1; with it: 3; without systemctl at all: the step cannot start).
    Optional<Integer> systemctl = exitCodeOf("systemctl", "is-active", service);
    assertEquals("FAILED", execution.getString("status"), execution.encode());
    assertEquals("Check Service", execution.getString("failed_step"));
    assertEquals(3, execution.getInteger("executed_steps"));
    assertEquals(systemctl.orElse(null), execution.getInteger("exit_code"));
    String stdout = execution.getString("stdout");
    assertTrue(stdout.startsWith("=== Check Disk Space ===\nFilesystem"), stdout);
    assertTrue(stdout.contains("=== Check Memory ===\n"), stdout);
  }

  @Test
  void anIgnoredFailureGoesOnAndTheFinalStepRunsOnlyWhenEveryStepSucceeded() throws IOException {
    String device = fixture.device("e2e-final");
    fixture.start(fixture.config(device, state));
    JsonObject ignored =
        document(
                true,
                command("Fails", "exit 3").put("ignoreStepFailure", true),
                command("Next", "echo,next"))
            .put("finalStep", command("Final", "echo,final"));
    JsonObject stopped =
        document(true, command("Fails", "exit 4"), command("Never", "echo,never"))
            .put("finalStep", command("Final", "echo,final"));

    JsonObject goesOn = fixture.awaitFinal(device, fixture.execute(device, ignored, 60));
    JsonObject stops = fixture.awaitFinal(device, fixture.execute(device, stopped, 60));

    assertEquals("SUCCEEDED", goesOn.getString("status"), goesOn.encode());
    assertEquals(3, goesOn.getInteger("executed_steps"));
    assertEquals(
        "=== Fails ===\n=== Next ===\nnext\n=== Final ===\nfinal\n", goesOn.getString("stdout"));
    assertEquals(
        "FAILED_IGNORED",
        goesOn
            .getJsonObject("status_details")
            .getJsonObject("progress")
            .getJsonArray("steps")
            .getJsonObject(0)
            .getString("state"));
    assertEquals("FAILED", stops.getString("status"));
    assertEquals(1, stops.getInteger("executed_steps"));
    assertEquals("Fails", stops.getString("failed_step"));
    assertEquals(4, stops.getInteger("exit_code"));
    assertEquals("step \"Fails\" exited with code 4", stops.getString("reason"));
    assertEquals("=== Fails ===\n", stops.getString("stdout"));
  }

  @Test
  void aHandlerIsDownloadedVerifiedCachedAndRefreshedAndATamperedCopyIsReplaced()
      throws IOException {
    String device = fixture.device("e2e-handler");
    String original = "#!/bin/sh\necho \"hello $1\"\n";
    assertStatus(
        201,
        api.post("/jobs/handlers", new JsonObject().put("name", "greet").put("script", original)));
    fixture.start(fixture.config(device, state));
    JsonObject greet =
        document(
            true,
            new JsonObject()
                .put("name", "Greet")
                .put("type", "runHandler")
                .put(
                    "input",
                    new JsonObject()
                        .put("handler", "greet")
                        .put("args", new JsonArray().add("world"))));
    Path cached = state.resolve("handlers").resolve("greet");

    JsonObject first = fixture.awaitFinal(device, fixture.execute(device, greet, 60));
    assertEquals("=== Greet ===\nhello world\n", first.getString("stdout"), first.encode());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cached)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(cached.getParent())));

    Files.writeString(cached, "#!/bin/sh\necho tampered\n");
    JsonObject afterTampering = fixture.awaitFinal(device, fixture.execute(device, greet, 60));
    assertEquals("=== Greet ===\nhello world\n", afterTampering.getString("stdout"));
    assertEquals(original, Files.readString(cached));

    assertStatus(
        200,
        api.put(
            "/jobs/handlers/greet", new JsonObject().put("script", "#!/bin/sh\necho \"hi $1\"\n")));
    JsonObject updated = fixture.awaitFinal(device, fixture.execute(device, greet, 60));
    assertEquals("=== Greet ===\nhi world\n", updated.getString("stdout"));
  }

  @Test
  void aHandlerWithoutAShebangRunsWithItsScriptType() throws IOException {
    String device = fixture.device("e2e-plain-handler");
    assertStatus(
        201,
        api.post(
            "/jobs/handlers",
            new JsonObject()
                .put("name", "plain")
                .put("script_type", "sh")
                .put("script", "echo \"plain $1\"\n")));
    fixture.start(fixture.config(device, state));
    JsonObject plain =
        document(
            true,
            new JsonObject()
                .put("name", "Plain")
                .put("type", "runHandler")
                .put(
                    "input",
                    new JsonObject()
                        .put("handler", "plain")
                        .put("args", new JsonArray().add("sh"))));

    JsonObject execution = fixture.awaitFinal(device, fixture.execute(device, plain, 60));

    assertEquals("SUCCEEDED", execution.getString("status"), execution.encode());
    assertEquals("=== Plain ===\nplain sh\n", execution.getString("stdout"));
  }

  @Test
  void aStepRunningPastTheTimeoutIsKilledAndReportedFailedBeforeTheServerGivesUp()
      throws IOException {
    String device = fixture.device("e2e-timeout");
    fixture.start(fixture.config(device, state));
    JsonObject execution =
        fixture.awaitFinal(
            device, fixture.execute(device, document(false, command("Sleep", "sleep,30")), 2));

    assertEquals("FAILED", execution.getString("status"), execution.encode());
    assertEquals("job timed out after 2s during step \"Sleep\"", execution.getString("reason"));
    assertEquals("Sleep", execution.getString("failed_step"));
    assertNull(execution.getInteger("exit_code"));
    // The agent's own report, not the server's sweep: its reason would say the device never
    // reported.
    assertTrue(execution.getJsonObject("status_details").getBoolean("timed_out"));
  }

  @Test
  void aForceCancelStopsARunningSleepWithinOneHeartbeat() throws IOException {
    String device = fixture.device("e2e-cancel");
    Duration heartbeat = Duration.ofSeconds(1);
    Agent agent = fixture.start(fixture.config(device, state).withHeartbeatInterval(heartbeat));
    Path pidFile = scratch.resolve("pid");
    String job =
        fixture.execute(
            device,
            document(false, command("Sleep", "echo $$ > " + pidFile + "; exec sleep 30")),
            600);
    long pid = Eventually.get(AgentFixture.WAIT, "the step to start", () -> readPid(pidFile));
    ProcessHandle sleep = ProcessHandle.of(pid).orElseThrow();

    assertStatus(
        200, api.post("/jobs/executions/" + job + "/cancel", new JsonObject().put("force", true)));
    // Well before the sleep's own 30 s: the agent learned of the cancel from a heartbeat and killed
    // it.
    Eventually.until(Duration.ofSeconds(20), "the sleep to be killed", () -> !sleep.isAlive());
    assertEquals("CANCELED", fixture.execution(device, job).getString("status"));
    assertTrue(agent.isRunning());
    JsonObject next =
        fixture.awaitFinal(
            device, fixture.execute(device, document(false, command("Next", "true")), 60));
    assertEquals("SUCCEEDED", next.getString("status"), "the agent goes on with the next job");
  }

  private static long templateId(String name) {
    JsonArray templates =
        assertStatus(200, api.get("/jobs/templates?limit=1000")).getJsonArray("templates");
    for (int i = 0; i < templates.size(); i++) {
      if (templates.getJsonObject(i).getString("name").equals(name)) {
        return templates.getJsonObject(i).getLong("id");
      }
    }
    throw new AssertionError("no template " + name);
  }

  private static Long readPid(Path file) {
    try {
      String text = Files.exists(file) ? Files.readString(file).trim() : "";
      return text.isEmpty() ? null : Long.parseLong(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<Integer> exitCodeOf(String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.DISCARD)
              .start();
      return Optional.of(process.waitFor());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
