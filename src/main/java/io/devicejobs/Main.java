package io.devicejobs;

import io.devicejobs.cli.Cli;
import java.util.Map;

/**
 * Command-line entry point: {@code java -jar device-jobs.jar [serve|migrate|health|agent|simulate|version]}
 * (DeviceJobsCommand); the environment is read here once and handed down.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    Map<String, String> env = System.getenv();
    System.exit(Cli.execute(DeviceJobsCommand.commandLine(env), args, env));
  }
}
