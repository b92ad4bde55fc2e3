package io.devicejobs.config;

import io.devicejobs.cli.ConfigurationException;
import io.devicejobs.cli.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Server settings, read from environment variables (documented in the README's configuration table).
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
    LogFormat logFormat,
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
      String host, int port, String database, String user, String password) {
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public DatabaseSettings withDatabase(String otherDatabase) {
      return new DatabaseSettings(host, port, otherDatabase, user, password);
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
    Settings s = new Settings(env);
    DatabaseSettings external = null;
    if (s.has("DB_HOST")) {
      external =
          new DatabaseSettings(
              s.string("DB_HOST", null),
              s.integer("DB_PORT", 5432, 1, 65535),
              s.string("DB_NAME", "devicejobs"),
              s.string("DB_USER", "postgres"),
              s.string("DB_PASSWORD", ""));
    }
    return new AppConfig(
        s.string("HOST", "0.0.0.0"),
        s.integer("PORT", 4002, 0, 65535),
        Path.of(s.string("DATA_DIR", "./data")).toAbsolutePath().normalize(),
        external,
        s.integer("DB_POOL_SIZE", 8, 1, 200),
        s.integer("BODY_LIMIT_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
        Duration.ofSeconds(s.integer("ONLINE_WINDOW_SECONDS", 90, 1, 86_400)),
        Duration.ofSeconds(s.integer("SHUTDOWN_GRACE_SECONDS", 20, 0, 600)),
        s.integer("HTTP_INSTANCES", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64),
        Duration.ofSeconds(s.integer("TIMEOUT_GRACE_SECONDS", 10, 0, 3600)),
        Duration.ofMillis(s.integer("SWEEP_INTERVAL_MS", 5_000, 10, 3_600_000)),
        Duration.ofMillis(s.integer("PRESENCE_FLUSH_MS", 5_000, 10, 600_000)),
        s.string("ADMIN_API_KEY", null),
        new Limits(
            s.integer("DEVICE_RATE_PER_SECOND", 10, 1, 1_000_000),
                s.integer("DEVICE_RATE_BURST", 20, 1, 1_000_000),
            s.integer("OPERATOR_RATE_PER_SECOND", 50, 1, 1_000_000),
                s.integer("OPERATOR_RATE_BURST", 100, 1, 1_000_000),
            s.integer("AUTH_FAILURES_PER_SECOND", 1, 1, 1_000_000),
                s.integer("AUTH_FAILURE_BURST", 10, 1, 1_000_000)),
        s.list("CORS_ORIGINS"),
        s.string("METRICS_TOKEN", null),
        Duration.ofSeconds(s.integer("FLEET_METRICS_INTERVAL_SECONDS", 15, 1, 3_600)),
        LogFormat.of(env),
        s.integer("EXECUTION_RETENTION_DAYS", 0, 0, 36_500),
        new LiveSettings(
            Duration.ofHours(s.integer("EVENT_RETENTION_HOURS", 24, 1, 720)),
            Duration.ofMillis(s.integer("LIVE_CATCH_UP_MS", 1_000, 10, 60_000)),
            s.integer("WS_MAX_SOCKETS", 10_000, 1, 1_000_000),
            s.integer("WS_MAX_SUBSCRIPTIONS", 100, 1, 10_000),
            s.integer("WS_MAX_REPLAY_EVENTS", 10_000, 1, 1_000_000),
            Duration.ofSeconds(s.integer("WS_PING_INTERVAL_SECONDS", 30, 1, 3_600)),
            s.integer("WS_WRITE_QUEUE_BYTES", 256 * 1024, 1024, 64 * 1024 * 1024),
            Duration.ofMillis(s.integer("WS_SLOW_CONSUMER_MS", 5_000, 10, 600_000)),
            Duration.ofSeconds(s.integer("WS_TICKET_SECONDS", 60, 5, 3_600))));
  }

  public boolean embeddedDatabase() {
    return externalDatabase == null;
  }

  /** Reads typed values and fails with the variable's name, so a typo in a deployment is obvious. */
  private record Settings(Map<String, String> env) {
    boolean has(String name) {
      String v = env.get(name);
      return v != null && !v.isBlank();
    }

    List<String> list(String name) {
      if (!has(name)) {
        return List.of();
      }
      return Arrays.stream(env.get(name).split(","))
          .map(String::trim)
          .filter(v -> !v.isEmpty())
          .toList();
    }

    String string(String name, String fallback) {
      return has(name) ? env.get(name).trim() : fallback;
    }

    int integer(String name, int fallback, int min, int max) {
      if (!has(name)) {
        return fallback;
      }
      String raw = env.get(name).trim();
      try {
        int value = Integer.parseInt(raw);
        if (value < min || value > max) {
          throw new ConfigurationException(
              name + " must be between " + min + " and " + max + ", got " + raw);
        }
        return value;
      } catch (NumberFormatException e) {
        throw new ConfigurationException(name + " must be an integer, got '" + raw + "'", e);
      }
    }
  }
}
