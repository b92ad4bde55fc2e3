package io.devicejobs.testing;

import io.devicejobs.config.AppConfig;
import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.devicejobs.db.EmbeddedDatabase;
import io.devicejobs.db.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the tests use: the external one named by DB_HOST (and DB_PORT, DB_NAME, DB_USER,
 * DB_PASSWORD; the user needs CREATEDB), otherwise one embedded server for the whole test run. Every test class
 * gets a database of its own, cloned from a migrated template, so classes never see each other's rows.
 */
public final class TestDatabase {
  private static final String TEMPLATE = "devicejobs_test_template";
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static TestDatabase instance;

  private final DatabaseSettings admin;

  private TestDatabase(DatabaseSettings admin) {
    this.admin = admin;
  }

  public static synchronized TestDatabase get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static TestDatabase start() {
    AppConfig env = AppConfig.fromEnvironment();
    DatabaseSettings admin;
    if (env.embeddedDatabase()) {
      try {
        Path dir = Files.createTempDirectory("device-jobs-test-pg");
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dir, false);
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-postgres-stop"));
        admin = embedded.settings("postgres");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      admin = env.externalDatabase();
    }
    TestDatabase db = new TestDatabase(admin);
    db.execute("DROP DATABASE IF EXISTS " + TEMPLATE);
    db.execute("CREATE DATABASE " + TEMPLATE);
    Migrations.migrate(admin.withDatabase(TEMPLATE));
    return db;
  }

  /** A new, migrated and seeded database. */
  public DatabaseSettings newDatabase() {
    String name = "devicejobs_test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    execute("DROP DATABASE IF EXISTS " + name);
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return admin.withDatabase(name);
  }

  /** Drops a database made by {@link #newDatabase()}, so an external server does not collect them. */
  public void drop(DatabaseSettings database) {
    execute("DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
  }

  public DatabaseSettings admin() {
    return admin;
  }

  private void execute(String sql) {
    try (Connection c =
            DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
