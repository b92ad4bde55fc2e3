package io.devicejobs.testing;

import io.devicejobs.Main;
import io.devicejobs.config.AppConfig.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server in a JVM of its own ({@code Main serve} from the test classpath, so the compiled classes), on a
 * database the test names, so that it can be killed with SIGKILL as a crash would, and started again on the same
 * port. The children never start an embedded PostgreSQL: nothing is left behind when one is killed.
 */
public final class ServerProcess implements AutoCloseable {
  private static final String LISTENING = "device-jobs listening on";
  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private final Map<String, String> env;
  private Process process;
  private Path log;
  private int starts;

  private ServerProcess(Path dir, int port, Map<String, String> env) {
    this.dir = dir;
    this.port = port;
    this.env = env;
  }

  /** A server on a free loopback port over {@code database}, with the test defaults and these settings. */
  public static ServerProcess on(
      DatabaseSettings database, Path dir, Map<String, String> settings) {
    Map<String, String> env = TestServer.environment(database);
    // The wait for the "listening" line needs INFO logging, whatever the environment says.
    env.put("LOG_LEVEL", "INFO");
    env.putAll(settings);
    int port = ChildJvm.freePort();
    env.put("PORT", String.valueOf(port));
    return new ServerProcess(dir, port, env);
  }

  /** Starts the JVM and waits until it listens. */
  public ServerProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    launch();
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!output().contains(LISTENING)) {
      if (!process.isAlive()) {
        throw new AssertionError("the server exited before listening:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the server did not listen within " + START_LIMIT + ":\n" + output());
      }
      pause();
    }
    return this;
  }

  /** Starts the JVM for a start that must fail, and returns its exit status once it has exited. */
  public int startExpectingExit() {
    launch();
    awaitExit(START_LIMIT);
    return process.exitValue();
  }

  private void launch() {
    starts++;
    log = dir.resolve("server-" + port + "-" + starts + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                ChildJvm.java(),
                "-Xmx256m",
                "-cp",
                ChildJvm.classpath(),
                Main.class.getName(),
                "serve")
            // Not the repository, whose db/migration would be a second copy of the migrations.
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook runs, requests in flight are cut off. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(EXIT_LIMIT);
  }

  public int port() {
    return port;
  }

  /** An admin client of this server. */
  public ApiClient client() {
    return new ApiClient(port).as(TestServer.ADMIN_KEY);
  }

  /** The log of the current (or last) run. */
  public String output() {
    try {
      return log == null ? "" : new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** SIGTERM, then SIGKILL if it does not stop in time. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitExit(Duration limit) {
    try {
      if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the server did not exit within " + limit + ":\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
