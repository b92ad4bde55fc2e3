package io.devicejobs.db;

import io.devicejobs.cli.ExpectedFailure;
import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the embedded binaries, with its data kept in a directory that survives
 * restarts. It is the default when no external database is configured, so that the server runs with nothing
 * installed but Java.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  public static final String DATABASE = "devicejobs";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts (initialising on first use) the server whose cluster lives in {@code dataDir}. Blocking.
   *
   * @param durable whether a commit survives a crash of the machine. The embedded binaries default to test
   *     settings (no fsync); the server always runs durable, only the test suite's scratch databases do not.
   */
  public static EmbeddedDatabase start(Path dataDir, boolean durable) throws IOException {
    Files.createDirectories(dataDir);
    LOG.info("starting embedded PostgreSQL with data in {}", dataDir);
    EmbeddedPostgres postgres;
    try {
      postgres = builder(dataDir, durable).start();
    } catch (IllegalStateException e) {
      // zonky takes a file lock on the data directory and says only this when another process holds
      // it.
      if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
        throw new ExpectedFailure(
            "the database in "
                + dataDir
                + " is in use by another process (another device-jobs with the same DATA_DIR?)",
            e);
      }
      throw e;
    }
    EmbeddedDatabase database = new EmbeddedDatabase(postgres);
    database.createDatabaseIfMissing(DATABASE);
    return database;
  }

  private static EmbeddedPostgres.Builder builder(Path dataDir, boolean durable) {
    String onOff = durable ? "on" : "off";
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        // We stop it ourselves, after the connection pool is closed.
        .setRegisterShutdownHook(false)
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", onOff)
        .setServerConfig("synchronous_commit", onOff)
        .setServerConfig("full_page_writes", onOff);
  }

  public DatabaseSettings settings() {
    return settings(DATABASE);
  }

  public DatabaseSettings settings(String database) {
    return new DatabaseSettings("localhost", postgres.getPort(), database, "postgres", "postgres");
  }

  public void createDatabaseIfMissing(String name) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
