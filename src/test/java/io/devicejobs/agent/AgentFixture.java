package io.devicejobs.agent;

import static io.devicejobs.testing.ApiAssertions.assertStatus;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Real agents against a real test server: devices, jobs, and waiting for their executions to end. */
final class AgentFixture {

  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Set<String> FINAL =
      Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED", "CANCELED", "REMOVED");

  private final TestServer server;
  private final Fleet fleet;
  private final ApiClient api;
  private final List<Agent> agents = new ArrayList<>();

  AgentFixture(TestServer server) {
    this.server = server;
    this.fleet = new Fleet(server);
    this.api = server.client();
  }

  ApiClient api() {
    return api;
  }

  String device(String name) {
    return fleet.register(name, 1).get(0);
  }

  /** Quick pacing for tests: polls every 50 ms, backs off 50–500 ms, heartbeats rarely unless a test wants them. */
  AgentConfig config(String device, Path stateDir) {
    return configVia(server.port(), device, stateDir);
  }

  /** The same, reaching the server through another port (a {@link TcpProxy}). */
  AgentConfig configVia(int port, String device, Path stateDir) {
    return AgentConfig.defaults(
            URI.create("http://127.0.0.1:" + port + "/api/v1"), UUID.fromString(device), stateDir)
        .withToken(fleet.token(device))
        .withPollInterval(Duration.ofMillis(50))
        .withHeartbeatInterval(Duration.ofSeconds(30))
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
  }

  Agent start(AgentConfig config) throws IOException {
    Agent agent = new Agent(config);
    agents.add(agent);
    agent.start();
    return agent;
  }

  void stopAgents() throws InterruptedException {
    for (Agent agent : agents) {
      agent.stop();
    }
    agents.clear();
  }

  /** Executes an inline document on one device; returns the job id. */
  String execute(String device, JsonObject document, int timeoutSeconds) {
    return assertStatus(
            201,
            api.post(
                "/jobs/execute",
                new JsonObject()
                    .put("job_name", "agent test")
                    .put("job_document", document)
                    .put("target_type", "device")
                    .put("timeout_seconds", timeoutSeconds)
                    .put("target_devices", new JsonArray().add(device))))
        .getJsonObject("job")
        .getString("job_id");
  }

  /** Executes a template on one device; returns the job id. */
  String executeTemplate(String device, long templateId, JsonObject parameters) {
    return assertStatus(
            201,
            api.post(
                "/jobs/execute",
                new JsonObject()
                    .put("job_name", "agent test")
                    .put("template_id", templateId)
                    .put("parameters", parameters)
                    .put("target_type", "device")
                    .put("target_devices", new JsonArray().add(device))))
        .getJsonObject("job")
        .getString("job_id");
  }

  /** The device's execution of the job, as the server has it now. */
  JsonObject execution(String device, String jobId) {
    JsonArray jobs =
        assertStatus(200, api.get("/devices/" + device + "/jobs?limit=1000")).getJsonArray("jobs");
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.getJsonObject(i).getString("job_id").equals(jobId)) {
        return jobs.getJsonObject(i);
      }
    }
    throw new AssertionError("device " + device + " has no execution of job " + jobId);
  }

  JsonObject awaitFinal(String device, String jobId) {
    return Eventually.get(
        WAIT,
        "the execution of job " + jobId + " to end",
        () -> {
          JsonObject execution = execution(device, jobId);
          return FINAL.contains(execution.getString("status")) ? execution : null;
        });
  }

  /** Waits until the execution has taken the agent's IN_PROGRESS report (claim is version 2, the report 3). */
  JsonObject awaitStarted(String device, String jobId) {
    return Eventually.get(
        WAIT,
        "the agent to report job " + jobId + " started",
        () -> {
          JsonObject execution = execution(device, jobId);
          return execution.getInteger("version_number") >= 3 ? execution : null;
        });
  }

  static JsonObject document(boolean includeStdOut, JsonObject... steps) {
    return new JsonObject()
        .put("version", "1.0")
        .put("includeStdOut", includeStdOut)
        .put("steps", new JsonArray(List.of((Object[]) steps)));
  }

  static JsonObject command(String name, String command) {
    return new JsonObject()
        .put("name", name)
        .put("type", "runCommand")
        .put("input", new JsonObject().put("command", command));
  }
}
