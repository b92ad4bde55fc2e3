package io.devicejobs.testing;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * A PostgreSQL server of one test class's own, from the embedded binaries, that the test stops and starts again
 * (same data directory, same port) to take the database away from the servers under test. Stopping is {@code
 * pg_ctl stop -m fast}: sessions are disconnected, nothing committed is lost. The suite's shared server is never
 * restarted: the classes that run after would break.
 */
public final class RestartablePostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private final Map<String, String> serverConfig;
  private EmbeddedPostgres postgres;

  private RestartablePostgres(Path dataDir, int port, Map<String, String> serverConfig) {
    this.dataDir = dataDir;
    this.port = port;
    this.serverConfig = serverConfig;
  }

  /** Initialises a cluster in {@code dataDir} and starts it on a free port. */
  public static RestartablePostgres start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  /** The same, with these postgresql.conf settings (e.g. ssl=on, ssl_cert_file, hba_file). */
  public static RestartablePostgres start(Path dataDir, Map<String, String> serverConfig) {
    RestartablePostgres server =
        new RestartablePostgres(dataDir, ChildJvm.freePort(), Map.copyOf(serverConfig));
    server.start();
    return server;
  }

  /** Starts it again after {@link #stop}; returns once it accepts connections. */
  public void start() {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off");
      serverConfig.forEach(builder::setServerConfig);
      postgres = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    }
  }

  /** pg_ctl stop -m fast: returns once it is down. */
  public void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL in " + dataDir, e);
    }
  }

  public void createDatabase(String name) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  public DatabaseSettings settings(String database) {
    return new DatabaseSettings("localhost", port, database, "postgres", "postgres");
  }

  @Override
  public void close() {
    stop();
  }
}
