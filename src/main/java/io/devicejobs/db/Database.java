package io.devicejobs.db;

import io.devicejobs.cli.ExpectedFailure;
import io.devicejobs.config.AppConfig;
import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the data lives: an external PostgreSQL when DB_HOST is set, otherwise the embedded one.
 * Preparing it (starting the embedded server, migrating) is blocking and happens before Vert.x serves.
 */
public final class Database implements AutoCloseable {
  private final DatabaseSettings settings;
  private final EmbeddedDatabase embedded;

  private Database(DatabaseSettings settings, EmbeddedDatabase embedded) {
    this.settings = settings;
    this.embedded = embedded;
  }

  /** Starts the embedded server if needed, applies pending migrations and settles DB_SSL_MODE=prefer. */
  public static Database prepare(AppConfig config) throws IOException {
    Database database = open(config);
    try {
      Migrations.migrate(database.settings);
      return new Database(PreferredTls.settle(database.settings), database.embedded);
    } catch (RuntimeException e) {
      database.close();
      ExpectedFailure cannotConnect = ConnectionFailures.explain(e, database.settings);
      throw cannotConnect != null ? cannotConnect : e;
    }
  }

  public static Database open(AppConfig config) throws IOException {
    if (config.embeddedDatabase()) {
      EmbeddedDatabase embedded =
          EmbeddedDatabase.start(config.dataDir().resolve("postgres"), true);
      return new Database(embedded.settings(), embedded);
    }
    return new Database(config.externalDatabase(), null);
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** The reactive client's settings, for the pool and the LISTEN connection alike (TLS included). */
  public static PgConnectOptions connectOptions(DatabaseSettings settings) {
    return DatabaseTlsOptions.reactive(
        new PgConnectOptions()
            .setHost(settings.host())
            .setPort(settings.port())
            .setDatabase(settings.database())
            .setUser(settings.user())
            .setPassword(settings.password())
            .setCachePreparedStatements(true)
            .setPreparedStatementCacheMaxSize(512)
            .setPipeliningLimit(256),
        settings.tls());
  }

  /** Flyway's JDBC connections, with the same TLS settings. */
  static DataSource dataSource(DatabaseSettings settings) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(settings.jdbcUrl());
    source.setUser(settings.user());
    source.setPassword(settings.password());
    DatabaseTlsOptions.jdbc(source, settings.tls());
    return source;
  }

  public Pool createPool(Vertx vertx, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("device-jobs").setShared(false))
        .connectingTo(connectOptions(settings))
        .using(vertx)
        .build();
  }

  /** Stops the embedded server, if this process started one. Close the pools first. */
  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
