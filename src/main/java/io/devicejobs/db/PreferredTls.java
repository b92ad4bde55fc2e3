package io.devicejobs.db;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.devicejobs.config.DatabaseSslMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DB_SSL_MODE=prefer, settled once at start over JDBC, whose fallback to plain text is clean: when the server
 * offers no TLS, the pool and the LISTEN connection connect in plain text from the start. The reactive client's own
 * prefer would try TLS first for every new connection and, when refused, leave that attempt's socket open until
 * the server's authentication_timeout ends it (seen with vertx-pg-client 5.0.7): a stray backend per connection.
 * A server that offers TLS keeps prefer, so the reactive client still falls back if a later server does not.
 */
final class PreferredTls {
  private static final Logger LOG = LoggerFactory.getLogger(PreferredTls.class);

  private PreferredTls() {}

  static DatabaseSettings settle(DatabaseSettings settings) {
    if (settings.tls().mode() != DatabaseSslMode.PREFER || connectsOverTls(settings)) {
      return settings;
    }
    LOG.info("database {} offers no TLS: connecting in plain text (DB_SSL_MODE=prefer)", settings);
    // The constructor without TLS settings.
    return new DatabaseSettings(
        settings.host(),
        settings.port(),
        settings.database(),
        settings.user(),
        settings.password());
  }

  private static boolean connectsOverTls(DatabaseSettings settings) {
    try (Connection connection = Database.dataSource(settings).getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      return row.next() && row.getBoolean(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot ask database " + settings + " whether it speaks TLS: " + e.getMessage(), e);
    }
  }
}
