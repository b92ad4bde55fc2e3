package io.devicejobs;

import io.devicejobs.cli.BuildInfo;
import io.devicejobs.config.AppConfig;
import io.devicejobs.db.Database;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code migrate}: applies the database migrations and exits. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Apply the database migrations and exit (serve applies them too); configured like serve.")
public final class MigrateCommand implements Callable<Integer> {
  private final Map<String, String> env;

  public MigrateCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    // Migrations logs what it did; closing stops the embedded database.
    try (Database ignored = Database.prepare(AppConfig.from(env))) {
      return 0;
    }
  }
}
