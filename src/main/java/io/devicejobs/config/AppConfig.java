package io.devicejobs.config;

import io.devicejobs.cli.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Server settings, read from the environment variables of {@link ServerVariables} (docs/configuration.md).
 * Tests build it from a map so that every server they start is configured explicitly.
 */
public record AppConfig(
    String host,
    int port,
    Path dataDir,
    DatabaseSettings externalDatabase,
    int dbPoolSize,
    int bodyLimitBytes,
    Duration onlineWindow,
    Duration shutdownGrace,
    int httpInstances,
    Duration timeoutGrace,
    Duration sweepInterval,
    Duration presenceFlushInterval,
    String adminApiKey,
    Limits limits,
    List<String> corsOrigins,
    String metricsToken,
    Duration fleetMetricsInterval,
    int executionRetentionDays,
    LiveSettings live) {

  /** Rate limits (requests per second and burst) per device token, per operator key, and failed attempts per address. */
  public record Limits(
      double devicePerSecond,
      double deviceBurst,
      double operatorPerSecond,
      double operatorBurst,
      double authFailuresPerSecond,
      double authFailureBurst) {}

  /** Connection settings of an external PostgreSQL; null in {@link AppConfig} means "embedded". */
  public record DatabaseSettings(
      String host, int port, String database, String user, String password, DatabaseTls tls) {
    /** Without TLS (the embedded database, tests). */
    public DatabaseSettings(String host, int port, String database, String user, String password) {
      this(host, port, database, user, password, DatabaseTls.DISABLED);
    }

    /** The URL without TLS settings: the database layer adds those to its JDBC connections. */
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public DatabaseSettings withDatabase(String otherDatabase) {
      return new DatabaseSettings(host, port, otherDatabase, user, password, tls);
    }

    /** Never print the password. */
    @Override
    public String toString() {
      return user + "@" + host + ":" + port + "/" + database;
    }
  }

  public static AppConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static AppConfig from(Map<String, String> env) {
    Environment e = new Environment(env);
    DatabaseSettings external = null;
    DatabaseTls tls = DatabaseTls.from(e, e.isSet(ServerVariables.DB_HOST));
    if (e.isSet(ServerVariables.DB_HOST)) {
      external =
          new DatabaseSettings(
              e.get(ServerVariables.DB_HOST),
              e.get(ServerVariables.DB_PORT),
              e.get(ServerVariables.DB_NAME),
              e.get(ServerVariables.DB_USER),
              Objects.requireNonNullElse(e.get(ServerVariables.DB_PASSWORD), ""),
              tls);
    }
    return new AppConfig(
        e.get(ServerVariables.HOST),
        e.get(ServerVariables.PORT),
        Path.of(e.get(ServerVariables.DATA_DIR)).toAbsolutePath().normalize(),
        external,
        e.get(ServerVariables.DB_POOL_SIZE),
        e.get(ServerVariables.BODY_LIMIT_BYTES),
        Duration.ofSeconds(e.get(ServerVariables.ONLINE_WINDOW_SECONDS)),
        Duration.ofSeconds(e.get(ServerVariables.SHUTDOWN_GRACE_SECONDS)),
        e.get(ServerVariables.HTTP_INSTANCES),
        Duration.ofSeconds(e.get(ServerVariables.TIMEOUT_GRACE_SECONDS)),
        Duration.ofMillis(e.get(ServerVariables.SWEEP_INTERVAL_MS)),
        Duration.ofMillis(e.get(ServerVariables.PRESENCE_FLUSH_MS)),
        e.get(ServerVariables.ADMIN_API_KEY),
        new Limits(
            e.get(ServerVariables.DEVICE_RATE_PER_SECOND), e.get(ServerVariables.DEVICE_RATE_BURST),
            e.get(ServerVariables.OPERATOR_RATE_PER_SECOND),
                e.get(ServerVariables.OPERATOR_RATE_BURST),
            e.get(ServerVariables.AUTH_FAILURES_PER_SECOND),
                e.get(ServerVariables.AUTH_FAILURE_BURST)),
        e.get(ServerVariables.CORS_ORIGINS),
        e.get(ServerVariables.METRICS_TOKEN),
        Duration.ofSeconds(e.get(ServerVariables.FLEET_METRICS_INTERVAL_SECONDS)),
        e.get(ServerVariables.EXECUTION_RETENTION_DAYS),
        new LiveSettings(
            Duration.ofHours(e.get(ServerVariables.EVENT_RETENTION_HOURS)),
            Duration.ofMillis(e.get(ServerVariables.LIVE_CATCH_UP_MS)),
            e.get(ServerVariables.WS_MAX_SOCKETS),
            e.get(ServerVariables.WS_MAX_SUBSCRIPTIONS),
            e.get(ServerVariables.WS_MAX_REPLAY_EVENTS),
            Duration.ofSeconds(e.get(ServerVariables.WS_PING_INTERVAL_SECONDS)),
            e.get(ServerVariables.WS_WRITE_QUEUE_BYTES),
            Duration.ofMillis(e.get(ServerVariables.WS_SLOW_CONSUMER_MS)),
            Duration.ofSeconds(e.get(ServerVariables.WS_TICKET_SECONDS))));
  }

  public boolean embeddedDatabase() {
    return externalDatabase == null;
  }
}
