package io.devicejobs.testing;

import io.devicejobs.DeviceJobsServer;
import io.devicejobs.config.AppConfig;
import io.devicejobs.config.AppConfig.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real server on a random port over its own fresh database, with a client aimed at it (as an admin). */
public final class TestServer implements AutoCloseable {
  /** The admin key every test server starts with (ADMIN_API_KEY). */
  public static final String ADMIN_KEY = "djk_test-admin-key-for-the-test-suite-only";

  private final DeviceJobsServer server;
  private final DatabaseSettings database;
  private final boolean ownsDatabase;
  private final ApiClient client;

  private TestServer(DeviceJobsServer server, DatabaseSettings database, boolean ownsDatabase) {
    this.server = server;
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.client = new ApiClient(server.port()).as(ADMIN_KEY);
  }

  public static TestServer start() {
    return start(Map.of());
  }

  public static TestServer start(Map<String, String> extraSettings) {
    DatabaseSettings database = TestDatabase.get().newDatabase();
    return start(database, extraSettings, true);
  }

  /** Another server on an existing database, as a second instance would run. */
  public static TestServer startOn(DatabaseSettings database, Map<String, String> extraSettings) {
    return start(database, extraSettings, false);
  }

  private static TestServer start(
      DatabaseSettings database, Map<String, String> extraSettings, boolean owns) {
    Map<String, String> env = environment(database);
    env.put("PORT", "0");
    env.putAll(extraSettings);
    try {
      return new TestServer(DeviceJobsServer.start(AppConfig.from(env)), database, owns);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What every test server runs with besides its port: on loopback, over this database. */
  public static Map<String, String> environment(DatabaseSettings database) {
    Map<String, String> env = new HashMap<>();
    env.put("HOST", "127.0.0.1");
    env.put("DB_HOST", database.host());
    env.put("DB_PORT", String.valueOf(database.port()));
    env.put("DB_NAME", database.database());
    env.put("DB_USER", database.user());
    env.put("DB_PASSWORD", database.password());
    env.put("SHUTDOWN_GRACE_SECONDS", "2");
    env.put("ADMIN_API_KEY", ADMIN_KEY);
    // Tests poll and report far faster than devices do; the rate-limit test sets its own limits.
    env.put("DEVICE_RATE_PER_SECOND", "100000");
    env.put("DEVICE_RATE_BURST", "100000");
    env.put("OPERATOR_RATE_PER_SECOND", "100000");
    env.put("OPERATOR_RATE_BURST", "100000");
    return env;
  }

  public ApiClient client() {
    return client;
  }

  public int port() {
    return server.port();
  }

  public DatabaseSettings database() {
    return database;
  }

  /** Direct SQL for setting up what the API cannot (a clock in the past, thousands of devices). */
  public int execute(String sql) {
    return sql().execute(sql);
  }

  public Sql sql() {
    return new Sql(database);
  }

  public DeviceJobsServer server() {
    return server;
  }

  /**
   * Waits until this instance's live feed has published every job event committed so far. A subscription starts
   * where the feed is, so a test that subscribes after making changes waits here first to know what it will get.
   */
  public void awaitLiveFeedCaughtUp() {
    long committed = count("SELECT COALESCE(max(seq), 0) FROM job_events");
    Await.until(
        "the live feed has published up to seq " + committed,
        () -> server.shared().events().delivered() >= committed);
  }

  /** Direct SQL, for assertions about what was (not) written. */
  public long count(String sql) {
    return sql().count(sql);
  }

  /** Direct SQL: the first column of every row, as numbers. */
  public List<Long> longs(String sql) {
    return sql().longs(sql);
  }

  /** Direct SQL: the first column of every row, as text. */
  public List<String> strings(String sql) {
    return sql().strings(sql);
  }

  @Override
  public void close() {
    server.close();
    if (ownsDatabase) {
      TestDatabase.get().drop(database);
    }
  }
}
