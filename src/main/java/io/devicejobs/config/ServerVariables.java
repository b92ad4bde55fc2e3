package io.devicejobs.config;

import io.devicejobs.cli.Variable;
import java.util.List;

/**
 * The server's environment variables with their defaults and limits, documented in docs/configuration.md (a test
 * checks both ways). A new setting: a constant here, its use in {@link AppConfig#from}, a row there.
 */
public final class ServerVariables {
  public static final Variable<Integer> DB_PORT = Variable.integer("DB_PORT", 5432, 1, 65535);
  public static final Variable<Integer> PORT = Variable.integer("PORT", 4002, 0, 65535);
  public static final Variable<Integer> DB_POOL_SIZE = Variable.integer("DB_POOL_SIZE", 8, 1, 200);
  public static final Variable<Integer> BODY_LIMIT_BYTES =
      Variable.integer("BODY_LIMIT_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024);
  public static final Variable<Integer> ONLINE_WINDOW_SECONDS =
      Variable.integer("ONLINE_WINDOW_SECONDS", 90, 1, 86_400);
  public static final Variable<Integer> SHUTDOWN_GRACE_SECONDS =
      Variable.integer("SHUTDOWN_GRACE_SECONDS", 20, 0, 600);
  public static final Variable<Integer> HTTP_INSTANCES =
      Variable.integer("HTTP_INSTANCES", 1, 1, 64)
          .withDefault(
              "number of cores",
              () -> Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors())));
  public static final Variable<Integer> TIMEOUT_GRACE_SECONDS =
      Variable.integer("TIMEOUT_GRACE_SECONDS", 10, 0, 3600);
  public static final Variable<Integer> SWEEP_INTERVAL_MS =
      Variable.integer("SWEEP_INTERVAL_MS", 5_000, 10, 3_600_000);
  public static final Variable<Integer> PRESENCE_FLUSH_MS =
      Variable.integer("PRESENCE_FLUSH_MS", 5_000, 10, 600_000);
  public static final Variable<Integer> DEVICE_RATE_PER_SECOND =
      Variable.integer("DEVICE_RATE_PER_SECOND", 10, 1, 1_000_000);
  public static final Variable<Integer> DEVICE_RATE_BURST =
      Variable.integer("DEVICE_RATE_BURST", 20, 1, 1_000_000);
  public static final Variable<Integer> OPERATOR_RATE_PER_SECOND =
      Variable.integer("OPERATOR_RATE_PER_SECOND", 50, 1, 1_000_000);
  public static final Variable<Integer> OPERATOR_RATE_BURST =
      Variable.integer("OPERATOR_RATE_BURST", 100, 1, 1_000_000);
  public static final Variable<Integer> AUTH_FAILURES_PER_SECOND =
      Variable.integer("AUTH_FAILURES_PER_SECOND", 1, 1, 1_000_000);
  public static final Variable<Integer> AUTH_FAILURE_BURST =
      Variable.integer("AUTH_FAILURE_BURST", 10, 1, 1_000_000);
  public static final Variable<Integer> FLEET_METRICS_INTERVAL_SECONDS =
      Variable.integer("FLEET_METRICS_INTERVAL_SECONDS", 15, 1, 3_600);
  public static final Variable<Integer> EXECUTION_RETENTION_DAYS =
      Variable.integer("EXECUTION_RETENTION_DAYS", 0, 0, 36_500);
  public static final Variable<Integer> EVENT_RETENTION_HOURS =
      Variable.integer("EVENT_RETENTION_HOURS", 24, 1, 720);
  public static final Variable<Integer> LIVE_CATCH_UP_MS =
      Variable.integer("LIVE_CATCH_UP_MS", 1_000, 10, 60_000);
  public static final Variable<Integer> WS_MAX_SOCKETS =
      Variable.integer("WS_MAX_SOCKETS", 10_000, 1, 1_000_000);
  public static final Variable<Integer> WS_MAX_SUBSCRIPTIONS =
      Variable.integer("WS_MAX_SUBSCRIPTIONS", 100, 1, 10_000);
  public static final Variable<Integer> WS_MAX_REPLAY_EVENTS =
      Variable.integer("WS_MAX_REPLAY_EVENTS", 10_000, 1, 1_000_000);
  public static final Variable<Integer> WS_PING_INTERVAL_SECONDS =
      Variable.integer("WS_PING_INTERVAL_SECONDS", 30, 1, 3_600);
  public static final Variable<Integer> WS_WRITE_QUEUE_BYTES =
      Variable.integer("WS_WRITE_QUEUE_BYTES", 256 * 1024, 1024, 64 * 1024 * 1024);
  public static final Variable<Integer> WS_SLOW_CONSUMER_MS =
      Variable.integer("WS_SLOW_CONSUMER_MS", 5_000, 10, 600_000);
  public static final Variable<Integer> WS_TICKET_SECONDS =
      Variable.integer("WS_TICKET_SECONDS", 60, 5, 3_600);
  public static final Variable<String> DB_HOST = Variable.text("DB_HOST", null);
  public static final Variable<String> DB_NAME = Variable.text("DB_NAME", "devicejobs");
  public static final Variable<String> DB_USER = Variable.text("DB_USER", "postgres");
  public static final Variable<String> DB_PASSWORD = Variable.secret("DB_PASSWORD");
  public static final Variable<String> DB_SSL_MODE =
      Variable.oneOf("DB_SSL_MODE", null, DatabaseSslMode.words().toArray(String[]::new))
          // The default depends on DB_HOST (DatabaseTls.from).
          .withDefault("disable embedded, prefer with DB_HOST", () -> null);
  public static final Variable<String> DB_SSL_ROOT_CERT = Variable.text("DB_SSL_ROOT_CERT", null);
  public static final Variable<String> HOST = Variable.text("HOST", "0.0.0.0");
  public static final Variable<String> DATA_DIR = Variable.text("DATA_DIR", "./data");
  public static final Variable<String> ADMIN_API_KEY = Variable.secret("ADMIN_API_KEY");
  public static final Variable<String> METRICS_TOKEN = Variable.secret("METRICS_TOKEN");
  public static final Variable<List<String>> CORS_ORIGINS = Variable.list("CORS_ORIGINS");

  private ServerVariables() {}
}
