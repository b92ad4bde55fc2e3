package io.devicejobs.simulator;

import io.devicejobs.agent.AgentConfig;
import io.devicejobs.cli.BuildInfo;
import io.devicejobs.cli.Environment;
import io.devicejobs.cli.Options;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate [options]}: a fleet of virtual devices against a server, for load tests. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    sortOptions = false,
    description =
        "Run a fleet of simulated devices against a server (docs/agent.md); environment variables in"
            + " brackets.")
public final class SimulateCommand implements Callable<Integer> {
  // The fields receive what picocli parsed; SimulatorOptions reads them through Options.
  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "the API base [CLOUD_API_URL], default " + AgentConfig.DEFAULT_SERVER)
  String server;

  @Option(names = "--devices", paramLabel = "N", description = "virtual devices, default 100")
  String devices;

  @Option(
      names = "--poll-interval-ms",
      paramLabel = "N",
      description = "poll interval per device (±10 %% jitter), default 1000")
  String pollIntervalMs;

  /** The simulator's first spelling; the agent's name is the canonical one. */
  @Option(names = "--interval-ms", hidden = true, descriptionKey = "poll-interval-ms")
  String intervalMs;

  @Option(
      names = "--duration-s",
      paramLabel = "N",
      description = "run this long, then print the final summary; 0 runs until Ctrl-C; default 60")
  String durationSeconds;

  @Option(
      names = "--success-ratio",
      paramLabel = "X",
      description = "share of simulated jobs that succeed, default 0.95")
  String successRatio;

  @Option(
      names = "--job-ms",
      paramLabel = "N",
      description = "how long a simulated job takes, default 2000")
  String jobMillis;

  @Option(
      names = "--real",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      description = "run job documents for real (with this machine's shell!) instead")
  String real;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "operator key for provisioning devices [API_KEY, or a file: API_KEY_FILE]")
  String apiKey;

  @Option(
      names = "--prefix",
      paramLabel = "NAME",
      description =
          "devices are NAME-1..NAME-N in group NAME (reused when they exist), default sim")
  String prefix;

  @Option(
      names = "--connections",
      paramLabel = "N",
      description = "HTTP connection pool size, default 128")
  String connections;

  @Option(
      names = "--summary-s",
      paramLabel = "N",
      description = "seconds between summary lines (0: none), default 5")
  String summarySeconds;

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  public SimulateCommand(Map<String, String> env) {
    this.env = env;
  }

  public SimulatorOptions options() {
    return SimulatorOptions.from(Options.of(spec, new Environment(env)));
  }

  @Override
  public Integer call() throws Exception {
    Simulator.run(options());
    return 0;
  }
}
