package io.devicejobs.testing;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL of a test class's own that the test can stop and start again (same data directory and port),
 * with a database {@code devicejobs} on it. Stopping the one the whole run shares would break later classes.
 */
public final class RestartablePostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres postgres;

  private RestartablePostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  public static RestartablePostgres create() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      RestartablePostgres db =
          new RestartablePostgres(Files.createTempDirectory("device-jobs-stoppable-pg"), port);
      db.start();
      try (Connection c = db.postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE devicejobs");
      }
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public DatabaseSettings settings() {
    return new DatabaseSettings("localhost", port, "devicejobs", "postgres", "postgres");
  }

  /** A JDBC connection to the {@code devicejobs} database, as its owner. */
  public Connection connection() throws SQLException {
    return postgres.getDatabase("postgres", "devicejobs").getConnection();
  }

  /** Starts the server again on its data directory and port (blocks until it accepts connections). */
  public void start() throws IOException {
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .start();
  }

  /** Stops the server (blocks until it is down). */
  public void stop() throws IOException {
    postgres.close();
    postgres = null;
  }

  @Override
  public void close() throws IOException {
    if (postgres != null) {
      stop();
    }
  }
}
