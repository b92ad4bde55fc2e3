package io.devicejobs;

import io.devicejobs.agent.AgentCommand;
import io.devicejobs.cli.BuildInfo;
import io.devicejobs.cli.Cli;
import io.devicejobs.cli.VersionCommand;
import io.devicejobs.ops.HealthCommand;
import io.devicejobs.simulator.SimulateCommand;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code device-jobs [command]}: without a command it serves. */
@Command(
    name = "device-jobs",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Run jobs on fleets of IoT devices: the server, its tools, and the device agent.",
    footer = {
      "",
      "Exit status: 0 done; 1 failed (database in use, port taken, database unreachable, not ready);"
          + " 2 usage or configuration error."
    })
public final class DeviceJobsCommand implements Callable<Integer> {
  private final Map<String, String> env;

  public DeviceJobsCommand(Map<String, String> env) {
    this.env = env;
  }

  /** The whole command line, with the rules of {@link Cli}. */
  public static CommandLine commandLine(Map<String, String> env) {
    return Cli.configure(
        new CommandLine(new DeviceJobsCommand(env))
            .addSubcommand(new ServeCommand(env))
            .addSubcommand(new MigrateCommand(env))
            .addSubcommand(new HealthCommand(env))
            .addSubcommand(new AgentCommand(env))
            .addSubcommand(new SimulateCommand(env))
            .addSubcommand(new VersionCommand())
            .addSubcommand(new HelpCommand()));
  }

  @Override
  public Integer call() throws Exception {
    return new ServeCommand(env).call();
  }
}
