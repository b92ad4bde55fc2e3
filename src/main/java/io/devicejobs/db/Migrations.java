package io.devicejobs.db;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the SQL migrations of db/migration (shipped in the jar). Blocking: run before serving. */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static MigrateResult migrate(DatabaseSettings db) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(Database.dataSource(db))
            .locations("classpath:db/migration")
            // Seeded handler scripts contain ${...}: they are shell, not Flyway placeholders.
            .placeholderReplacement(false)
            .validateMigrationNaming(true)
            .load();
    MigrateResult result = flyway.migrate();
    if (result.migrationsExecuted == 0) {
      LOG.info("database {} is up to date at schema version {}", db, result.initialSchemaVersion);
    } else {
      LOG.info(
          "database {} migrated to schema version {} ({} migration{} applied)",
          db,
          result.targetSchemaVersion,
          result.migrationsExecuted,
          result.migrationsExecuted == 1 ? "" : "s");
    }
    return result;
  }
}
