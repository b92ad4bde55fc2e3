package io.devicejobs;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.ChildJvm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as operators run it: {@code Main} in a JVM of its own, on its embedded database in DATA_DIR, stopped
 * by SIGTERM. The children get the test JVM's classpath, so this runs against the compiled classes, not the jar.
 */
class ServeProcessTest {
  private static final Duration START_DEADLINE = Duration.ofSeconds(90);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(60);
  private static final String LISTENING = "device-jobs listening on";

  /** The JVM exits with 128 + 15 after SIGTERM once its shutdown hooks have run. */
  private static final int SIGTERM_EXIT_CODE = 143;

  @TempDir Path tmp;

  private final List<Child> children = new ArrayList<>();

  /** A child JVM, the file its stdout and stderr go to, and its DATA_DIR. */
  private record Child(Process process, Path log, Path dataDir, int port) {
    String output() {
      try {
        // Lenient decoding: the child may be in the middle of writing a multi-byte character.
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }

    Path postmasterPid() {
      return dataDir.resolve("postgres").resolve("postmaster.pid");
    }
  }

  @Test
  void keepsDataCreatedBetweenAGracefulStopAndTheNextStart() throws Exception {
    Path dataDir = tmp.resolve("data");

    Child first = serve(dataDir);
    assertQuietStart(first);
    // First start: an admin key was made, written to a
    // file only the owner can read, and printed once.
    Path keyFile = dataDir.resolve("admin-api-key");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    String adminKey = Files.readString(keyFile).trim();
    assertTrue(adminKey.startsWith("djk_"));
    assertTrue(
        Files.readString(first.log()).contains(adminKey), "the key is shown once in the log");
    assertEquals(
        401, new ApiClient(first.port()).get("/jobs/templates").status(), "nothing without a key");
    ApiClient api = new ApiClient(first.port()).as(adminKey);
    JsonObject templates = assertStatus(200, api.get("/jobs/templates"));
    assertEquals(
        Set.of("restart-service", "update-config", "health-check"),
        Set.copyOf(
            templates.getJsonArray("templates").stream()
                .map(t -> ((JsonObject) t).getString("name"))
                .toList()),
        "the seeded templates");
    assertStatus(
        201, api.post("/devices", new JsonObject().put("device_name", "survives-restart")));
    stopWithSigterm(first);

    Child second = serve(dataDir);
    assertQuietStart(second);
    assertTrue(second.output().contains("is up to date at schema version"), second::output);
    assertFalse(
        Files.readString(second.log()).contains(adminKey),
        "a restart creates no key and prints none");
    JsonObject found =
        assertStatus(
            200, new ApiClient(second.port()).as(adminKey).get("/devices?search=survives-restart"));
    assertEquals(1, found.getInteger("total"), found::encode);
    assertEquals(
        "survives-restart",
        found.getJsonArray("devices").getJsonObject(0).getString("device_name"));
    stopWithSigterm(second);
  }

  @Test
  void migrateAppliesTheMigrationsAndExits() throws Exception {
    Child migrate = start(tmp.resolve("data"), "migrate");
    int status = awaitExit(migrate, START_DEADLINE);
    assertEquals(0, status, migrate::output);
    assertTrue(migrate.output().contains("migrated to schema version"), migrate::output);
    assertFalse(Files.exists(migrate.postmasterPid()), "the embedded PostgreSQL was stopped");
  }

  @Test
  void aDatabaseInUseAndAPortTakenAreOneLineWithStatus1() throws Exception {
    Child running = serve(tmp.resolve("data"));

    Child migrate = start(tmp.resolve("data"), "migrate");
    assertEquals(1, awaitExit(migrate, START_DEADLINE), migrate::output);
    assertOneErrorLine(
        migrate,
        "device-jobs: the database in "
            + tmp.resolve("data").resolve("postgres")
            + " is in use by another process (another device-jobs with the same DATA_DIR?)");

    Child sameport =
        start(tmp.resolve("other"), "serve", Map.of("PORT", String.valueOf(running.port())));
    assertEquals(1, awaitExit(sameport, START_DEADLINE), sameport::output);
    assertOneErrorLine(
        sameport,
        "device-jobs: cannot listen on 127.0.0.1:" + running.port() + " (HOST, PORT): in use");
    stopWithSigterm(running);
  }

  /** The failure is the last line, and no line is a stack trace's. */
  private static void assertOneErrorLine(Child child, String expected) {
    List<String> lines = child.output().lines().toList();
    assertEquals(expected, lines.get(lines.size() - 1), child::output);
    assertTrue(
        lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
        child::output);
  }

  @Test
  void anUnknownCommandExitsWithStatus2() throws Exception {
    Child bogus = start(tmp.resolve("data"), "bogus");
    assertEquals(2, awaitExit(bogus, STOP_DEADLINE), bogus::output);
    assertTrue(bogus.output().contains("Unmatched argument at index 0: 'bogus'"), bogus::output);
  }

  @Test
  void jsonLogsAreOneObjectPerLineFromTheFirstLineWithStructuredFields() throws Exception {
    Child child =
        serve(tmp.resolve("data"), Map.of("LOG_FORMAT", "json", "REQUEST_LOG_LEVEL", "DEBUG"));
    ApiClient.Response answer =
        new ApiClient(child.port())
            .send("GET", "/health/live", null, null, "X-Request-Id", "json-log-check");
    assertEquals(200, answer.status());
    stopWithSigterm(child);

    List<JsonObject> lines = new ArrayList<>();
    for (String line : child.output().lines().filter(l -> !l.isBlank()).toList()) {
      try {
        lines.add(new JsonObject(line));
      } catch (RuntimeException e) {
        fail("not a JSON object: " + line + "\n" + child.output());
      }
    }
    for (JsonObject line : lines) {
      OffsetDateTime.parse(line.getString("@timestamp")); // ISO-8601, or it throws
      assertTrue(
          Set.of("DEBUG", "INFO", "WARN", "ERROR").contains(line.getString("log.level")),
          line::encode);
      assertTrue(line.getString("log.logger").startsWith("io."), line::encode);
      assertTrue(line.containsKey("message"), line::encode);
    }
    assertTrue(
        lines.stream().anyMatch(l -> l.getString("message").startsWith(LISTENING)), child::output);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    "DEBUG".equals(l.getString("log.level"))
                        && "io.devicejobs.requests".equals(l.getString("log.logger"))
                        && "json-log-check".equals(l.getString("request_id"))
                        && l.getString("message").startsWith("request: GET /health/live 200 ")),
        child::output);
  }

  @Test
  void anInvalidLogFormatIsAConfigurationErrorOfServerAndAgent() throws Exception {
    for (String command : List.of("serve", "agent")) {
      Child child = start(tmp.resolve("data-" + command), command, Map.of("LOG_FORMAT", "yaml"));
      assertEquals(2, awaitExit(child, STOP_DEADLINE), child::output);
      assertEquals(
          List.of("configuration error: LOG_FORMAT must be one of text, json, not \"yaml\""),
          child.output().lines().toList(),
          command);
    }
  }

  /** A normal start prints only the application's own lines: no logback status, no warning. */
  private static void assertQuietStart(Child child) {
    List<String> foreign =
        child
            .output()
            .lines()
            .filter(l -> l.contains("|-") || l.matches("^\\S+ (WARN|ERROR) .*"))
            .toList();
    assertEquals(List.of(), foreign, child::output);
  }

  /** Starts {@code Main serve} on a free port and waits until it says it listens. */
  private Child serve(Path dataDir) throws IOException, InterruptedException {
    return serve(dataDir, Map.of());
  }

  private Child serve(Path dataDir, Map<String, String> settings)
      throws IOException, InterruptedException {
    Child child = start(dataDir, "serve", settings);
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (!child.output().contains(LISTENING)) {
      if (!child.process().isAlive()) {
        fail(
            "the server exited with "
                + child.process().exitValue()
                + " before listening:\n"
                + child.output());
      }
      if (System.nanoTime() > deadline) {
        fail("the server did not listen within " + START_DEADLINE + ":\n" + child.output());
      }
      Thread.sleep(100);
    }
    return child;
  }

  /** SIGTERM, then the graceful stop: exit, the last log line, and the embedded PostgreSQL stopped. */
  private void stopWithSigterm(Child child) throws InterruptedException {
    child.process().destroy();
    int status = awaitExit(child, STOP_DEADLINE);
    assertEquals(SIGTERM_EXIT_CODE, status, child::output);
    assertTrue(child.output().contains("device-jobs stopped"), child::output);
    assertFalse(Files.exists(child.postmasterPid()), "the embedded PostgreSQL was stopped");
  }

  private static int awaitExit(Child child, Duration deadline) throws InterruptedException {
    if (!child.process().waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("the process did not exit within " + deadline + ":\n" + child.output());
    }
    return child.process().exitValue();
  }

  private Child start(Path dataDir, String command) throws IOException {
    return start(dataDir, command, Map.of());
  }

  private Child start(Path dataDir, String command, Map<String, String> settings)
      throws IOException {
    int port = ChildJvm.freePort();
    Path log = tmp.resolve("child-" + (children.size() + 1) + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                ChildJvm.java(),
                "-Xmx256m",
                "-cp",
                ChildJvm.classpath(),
                Main.class.getName(),
                command)
            // Not the repository: its db/migration would
            // be found as a second copy of the migrations.
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    // The child must start its own embedded database
    // even when the tests run against an external one.
    env.remove("DB_HOST");
    env.put("DATA_DIR", dataDir.toString());
    env.put("PORT", String.valueOf(port));
    env.put("HOST", "127.0.0.1");
    // The wait for the "listening" line needs INFO logging, whatever the environment says.
    env.put("LOG_LEVEL", "INFO");
    env.putAll(settings);
    Child child = new Child(builder.start(), log, dataDir, port);
    children.add(child);
    return child;
  }

  /**
   * A failed test must not leave a JVM or a PostgreSQL behind: children get SIGTERM, then SIGKILL; a postmaster
   * orphaned by a killed child is found through its postmaster.pid and stopped too.
   */
  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Child child : children) {
      List<ProcessHandle> descendants = child.process().descendants().toList();
      if (child.process().isAlive()) {
        child.process().destroy();
        if (!child.process().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
          child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      descendants.forEach(ServeProcessTest::stop);
      postmaster(child).ifPresent(ServeProcessTest::stop);
    }
  }

  private static Optional<ProcessHandle> postmaster(Child child) {
    try {
      List<String> lines = Files.readAllLines(child.postmasterPid());
      return lines.isEmpty()
          ? Optional.empty()
          : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
              // The pid may have been reused since the file was written.
              .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void stop(ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    // SIGTERM is a "smart" shutdown for PostgreSQL, immediate once its clients are gone.
    process.destroy();
    try {
      process.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }
}
