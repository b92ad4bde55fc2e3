package io.devicejobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.agent.AgentCommand;
import io.devicejobs.agent.AgentConfig;
import io.devicejobs.cli.BuildInfo;
import io.devicejobs.cli.Cli;
import io.devicejobs.ops.HealthCommand;
import io.devicejobs.simulator.SimulateCommand;
import io.devicejobs.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Every spelling that the hand-written parsers of Main, the agent's Options and SimulatorOptions accepted, and
 * every environment fallback, with what it maps to on the one picocli command line.
 */
class CommandLineSpellingsTest {
  private static final String UUID_TEXT = "5f0c6c58-5a8e-4a57-9d37-1d1b1c7b0a11";

  /** One old spelling: the command line and environment, the setting it maps to, and the value expected. */
  private record Spelling(
      String spelling,
      List<String> args,
      Map<String, String> env,
      String mapsTo,
      Function<Object, Object> read,
      Object expected) {}

  private static final List<Spelling> TABLE = new ArrayList<>();

  private static void agent(
      String mapsTo, Function<AgentConfig, Object> read, Object expected, String... spelling) {
    add("agent", mapsTo, o -> read.apply(((AgentCommand) o).config()), expected, spelling);
  }

  private static void simulate(
      String mapsTo, Function<SimulatorOptions, Object> read, Object expected, String... spelling) {
    add("simulate", mapsTo, o -> read.apply(((SimulateCommand) o).options()), expected, spelling);
  }

  /** A spelling is "--flag value", "--flag=value", "--switch" or "ENV=value". */
  private static void add(
      String command,
      String mapsTo,
      Function<Object, Object> read,
      Object expected,
      String... spelling) {
    List<String> args = new ArrayList<>(List.of(command));
    Map<String, String> env = new HashMap<>();
    for (String part : spelling) {
      if (part.matches("[A-Z_]+=.*")) {
        env.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
      } else {
        args.add(part);
      }
    }
    if (command.equals("agent")
        && !String.join(" ", spelling).contains("DEVICE_UUID")
        && !String.join(" ", spelling).contains("--device")) {
      env.put("DEVICE_UUID", UUID_TEXT);
    }
    TABLE.add(
        new Spelling(
            command + " " + String.join(" ", spelling), args, env, mapsTo, read, expected));
  }

  static {
    URI cloud = URI.create("http://cloud:4002/api/v1");
    UUID device = UUID.fromString(UUID_TEXT);
    agent("--server", AgentConfig::serverUrl, cloud, "--server", "http://cloud:4002/api/v1/");
    agent("--server", AgentConfig::serverUrl, cloud, "--server=http://cloud:4002/api/v1");
    agent("--server", AgentConfig::serverUrl, cloud, "CLOUD_API_URL=http://cloud:4002/api/v1");
    agent("--device", AgentConfig::deviceUuid, device, "--device", UUID_TEXT);
    agent("--device", AgentConfig::deviceUuid, device, "--device=" + UUID_TEXT);
    agent("--device", AgentConfig::deviceUuid, device, "DEVICE_UUID=" + UUID_TEXT);
    agent("--token", AgentConfig::deviceToken, "djd_t", "--token", "djd_t");
    agent("--token", AgentConfig::deviceToken, "djd_t", "--token=djd_t");
    agent("--token", AgentConfig::deviceToken, "djd_t", "DEVICE_TOKEN=djd_t");
    agent(
        "--token (blank: none, as before)",
        AgentConfig::deviceToken,
        null,
        "--token=",
        "DEVICE_TOKEN=djd_t");
    agent(
        "--poll-interval-ms",
        AgentConfig::pollInterval,
        Duration.ofMillis(250),
        "--poll-interval-ms",
        "250");
    agent(
        "--poll-interval-ms",
        AgentConfig::pollInterval,
        Duration.ofMillis(250),
        "--poll-interval-ms=250");
    agent(
        "--poll-interval-ms",
        AgentConfig::pollInterval,
        Duration.ofMillis(250),
        "CLOUD_JOBS_POLLING_INTERVAL=250");
    agent(
        "--poll-interval-ms (the flag wins)",
        AgentConfig::pollInterval,
        Duration.ofMillis(250),
        "--poll-interval-ms=250",
        "CLOUD_JOBS_POLLING_INTERVAL=5000");
    agent(
        "--poll-interval-ms (the last one wins)",
        AgentConfig::pollInterval,
        Duration.ofMillis(300),
        "--poll-interval-ms=250",
        "--poll-interval-ms=300");
    agent(
        "--heartbeat-interval-ms",
        AgentConfig::heartbeatInterval,
        Duration.ofSeconds(2),
        "--heartbeat-interval-ms",
        "2000");
    agent(
        "--heartbeat-interval-ms",
        AgentConfig::heartbeatInterval,
        Duration.ofSeconds(2),
        "--heartbeat-interval-ms=2000");
    agent(
        "--heartbeat-interval-ms",
        AgentConfig::heartbeatInterval,
        Duration.ofSeconds(2),
        "HEARTBEAT_INTERVAL_MS=2000");
    agent(
        "--max-backoff-ms",
        AgentConfig::maxBackoff,
        Duration.ofSeconds(9),
        "--max-backoff-ms",
        "9000");
    agent(
        "--max-backoff-ms",
        AgentConfig::maxBackoff,
        Duration.ofSeconds(9),
        "--max-backoff-ms=9000");
    agent(
        "--max-backoff-ms", AgentConfig::maxBackoff, Duration.ofSeconds(9), "MAX_BACKOFF_MS=9000");
    agent(
        "--state-dir", AgentConfig::stateDir, Path.of("/var/lib/dj"), "--state-dir", "/var/lib/dj");
    agent("--state-dir", AgentConfig::stateDir, Path.of("/var/lib/dj"), "--state-dir=/var/lib/dj");
    agent(
        "--state-dir",
        AgentConfig::stateDir,
        Path.of("/var/lib/dj"),
        "AGENT_STATE_DIR=/var/lib/dj");
    agent("--work-dir", AgentConfig::workDir, Path.of("/tmp/w"), "--work-dir", "/tmp/w");
    agent("--work-dir", AgentConfig::workDir, Path.of("/tmp/w"), "--work-dir=/tmp/w");
    agent("--work-dir", AgentConfig::workDir, Path.of("/tmp/w"), "AGENT_WORK_DIR=/tmp/w");

    simulate("--server", SimulatorOptions::server, cloud, "--server", "http://cloud:4002/api/v1/");
    simulate("--server", SimulatorOptions::server, cloud, "--server=http://cloud:4002/api/v1");
    simulate("--server", SimulatorOptions::server, cloud, "CLOUD_API_URL=http://cloud:4002/api/v1");
    simulate("--devices", SimulatorOptions::devices, 7, "--devices", "7");
    simulate("--devices", SimulatorOptions::devices, 7, "--devices=7");
    simulate(
        "--poll-interval-ms",
        SimulatorOptions::pollInterval,
        Duration.ofMillis(500),
        "--poll-interval-ms",
        "500");
    simulate(
        "--poll-interval-ms (hidden alias)",
        SimulatorOptions::pollInterval,
        Duration.ofMillis(500),
        "--interval-ms",
        "500");
    simulate(
        "--poll-interval-ms (hidden alias)",
        SimulatorOptions::pollInterval,
        Duration.ofMillis(500),
        "--interval-ms=500");
    simulate(
        "--duration-s", SimulatorOptions::duration, Duration.ofSeconds(30), "--duration-s", "30");
    simulate("--duration-s", SimulatorOptions::duration, Duration.ofSeconds(30), "--duration-s=30");
    simulate("--success-ratio", SimulatorOptions::successRatio, 0.5, "--success-ratio", "0.5");
    simulate("--success-ratio", SimulatorOptions::successRatio, 0.5, "--success-ratio=0.5");
    simulate("--job-ms", SimulatorOptions::jobDuration, Duration.ofMillis(10), "--job-ms", "10");
    simulate("--job-ms", SimulatorOptions::jobDuration, Duration.ofMillis(10), "--job-ms=10");
    simulate("--real", SimulatorOptions::real, true, "--real");
    simulate("--real", SimulatorOptions::real, true, "--real=true");
    simulate("--real", SimulatorOptions::real, false, "--real=false");
    simulate("--real", SimulatorOptions::real, false);
    simulate("--api-key", SimulatorOptions::apiKey, "djk_k", "--api-key", "djk_k");
    simulate("--api-key", SimulatorOptions::apiKey, "djk_k", "--api-key=djk_k");
    simulate("--api-key", SimulatorOptions::apiKey, "djk_k", "API_KEY=djk_k");
    simulate("--prefix", SimulatorOptions::prefix, "lab", "--prefix", "lab");
    simulate("--prefix", SimulatorOptions::prefix, "lab", "--prefix=lab");
    simulate("--connections", SimulatorOptions::connections, 4, "--connections", "4");
    simulate("--connections", SimulatorOptions::connections, 4, "--connections=4");
    simulate(
        "--summary-s", SimulatorOptions::summaryEvery, Duration.ofSeconds(2), "--summary-s", "2");
    simulate("--summary-s", SimulatorOptions::summaryEvery, Duration.ofSeconds(2), "--summary-s=2");

    URI other = URI.create("http://h:1/health/ready");
    Function<Object, Object> target = o -> ((HealthCommand) o).target();
    add("health", "--url", target, other, "--url", "http://h:1/health/ready");
    add("health", "--url", target, other, "--url=http://h:1/health/ready");
    add("health", "PORT", target, URI.create("http://127.0.0.1:4100/health/ready"), "PORT=4100");
    add("serve", "--demo", o -> ((ServeCommand) o).demo, true, "--demo");
    add("serve", "--demo", o -> ((ServeCommand) o).demo, false);
  }

  @TestFactory
  Stream<DynamicTest> everyOldSpellingMapsToItsOption() {
    return TABLE.stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    row.spelling() + " → " + row.mapsTo(),
                    () -> {
                      ParseResult parsed =
                          DeviceJobsCommand.commandLine(row.env())
                              .parseArgs(row.args().toArray(String[]::new));
                      Object command = parsed.subcommand().commandSpec().userObject();
                      assertEquals(row.expected(), row.read().apply(command), row.spelling());
                    }));
  }

  /** What the old Main took as a command word; "help", "--help" and "-h" printed the usage. */
  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelpAndVersion() {
    List<List<String>> lines = new ArrayList<>();
    for (String help : List.of("help", "--help", "-h")) {
      lines.add(List.of(help));
    }
    for (String command : List.of("serve", "migrate", "health", "agent", "simulate", "version")) {
      lines.add(List.of(command, "--help"));
      lines.add(List.of("help", command));
      lines.add(List.of(command, "--version"));
    }
    lines.add(List.of("--version"));
    lines.add(List.of("-V"));
    lines.add(List.of("version"));
    return lines.stream()
        .map(
            args ->
                DynamicTest.dynamicTest(
                    String.join(" ", args),
                    () -> {
                      Run run = run(Map.of(), args);
                      assertEquals(0, run.status(), run::toString);
                      assertEquals("", run.err());
                      if (args.contains("--version")
                          || args.contains("-V")
                          || args.equals(List.of("version"))) {
                        assertEquals(BuildInfo.line() + System.lineSeparator(), run.out());
                      } else {
                        assertTrue(run.out().startsWith("Usage: device-jobs"), run::toString);
                      }
                    }));
  }

  @Test
  void theVersionLineNamesVersionCommitAndDate() {
    assertTrue(
        BuildInfo.line()
            .matches(
                "device-jobs \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(([0-9a-f]{7,}|unknown), \\d{4}-\\d\\d-\\d\\d\\)"),
        BuildInfo.line());
  }

  @Test
  void migrateHelpMigratesNothing(@TempDir Path tmp) {
    Path data = tmp.resolve("data");
    Run run = run(Map.of("DATA_DIR", data.toString()), List.of("migrate", "--help"));
    assertEquals(0, run.status(), run::toString);
    assertFalse(Files.exists(data), "no embedded database was started");
  }

  @Test
  void usageErrorsAreOneLineAndAHintOnStderrWithStatus2() {
    Run unknown = run(Map.of(), List.of("agent", "--devise", UUID_TEXT));
    assertEquals(Cli.USAGE, unknown.status());
    assertEquals("", unknown.out());
    assertEquals(
        List.of(
            "Unknown options: '--devise', '" + UUID_TEXT + "'",
            "Possible solutions: --device",
            "Try 'device-jobs agent --help' for more information."),
        unknown.err().lines().toList());

    Run command = run(Map.of(), List.of("bogus"));
    assertEquals(Cli.USAGE, command.status());
    assertTrue(
        command.err().startsWith("Unmatched argument at index 0: 'bogus'"), command::toString);
  }

  @Test
  void configurationErrorsAreOneLineWithStatus2() {
    Run run = run(Map.of(), List.of("agent", "--device", "pi-1"));
    assertEquals(Cli.USAGE, run.status());
    assertEquals(
        "configuration error: --device (DEVICE_UUID) must be a UUID, not pi-1\n", run.err());
  }

  private record Run(int status, String out, String err) {}

  private static Run run(Map<String, String> env, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = DeviceJobsCommand.commandLine(env);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int status = Cli.execute(line, args.toArray(String[]::new), env);
    return new Run(status, out.toString(), err.toString());
  }
}
