package io.devicejobs.simulator;

import io.devicejobs.agent.AgentVariables;
import io.devicejobs.cli.Cli;
import io.devicejobs.cli.ConfigurationException;
import io.devicejobs.cli.Options;
import io.devicejobs.cli.Variable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to simulate.
 *
 * @param server the API base, e.g. {@code http://127.0.0.1:4002/api/v1}
 * @param devices how many virtual devices
 * @param pollInterval the pause between polls that find nothing, per device (±10 % jitter)
 * @param duration how long to run; null runs until closed
 * @param successRatio the share of simulated jobs that succeed
 * @param jobDuration how long a simulated job takes
 * @param real run job documents for real with the job engine instead of simulating them
 * @param apiKey operator key for provisioning, sent as {@code Authorization: Bearer}; null sends none
 * @param prefix devices are named {@code <prefix>-1 … <prefix>-N} and put in the group {@code <prefix>}
 * @param connections the HTTP connection pool's size
 * @param summaryEvery how often to print a summary line; null prints none
 * @param logJobs log one line per finished job (the demo does; a load test would drown in them)
 */
public record SimulatorOptions(
    URI server,
    int devices,
    Duration pollInterval,
    Duration duration,
    double successRatio,
    Duration jobDuration,
    boolean real,
    String apiKey,
    String prefix,
    int connections,
    Duration summaryEvery,
    boolean logJobs) {

  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:@-]{0,80}");

  public SimulatorOptions {
    if (devices < 1) {
      throw new ConfigurationException("--devices must be at least 1");
    }
    if (!GROUP_NAME.matcher(prefix).matches()) {
      throw new ConfigurationException(
          "--prefix must be a group name (letters, digits, ._+:@-), not " + prefix);
    }
    String base = server.toString();
    if (base.endsWith("/")) {
      server = URI.create(base.substring(0, base.length() - 1));
    }
  }

  /** @throws picocli.CommandLine.ParameterException for an unknown flag or a flag without its value */
  public static SimulatorOptions parse(List<String> args, Map<String, String> env) {
    return Cli.parse(new SimulateCommand(env), args).options();
  }

  /** The operator key the simulator provisions its devices with. */
  public static final Variable<String> API_KEY = Variable.secret("API_KEY");

  static SimulatorOptions from(Options options) {
    long durationSeconds = options.number("duration-s", 60, 0, 365L * 24 * 3600);
    long summarySeconds = options.number("summary-s", 5, 0, 3600);
    return new SimulatorOptions(
        URI.create(options.get("server", AgentVariables.CLOUD_API_URL)),
        (int) options.number("devices", 100, 1, 1_000_000),
        options.millis("poll-interval-ms", 1_000, 10, 86_400_000),
        durationSeconds == 0 ? null : Duration.ofSeconds(durationSeconds),
        options.fraction("success-ratio", 0.95),
        options.millis("job-ms", 2_000, 0, 86_400_000),
        options.isSet("real"),
        options.get("api-key", API_KEY),
        options.string("prefix", "sim"),
        (int) options.number("connections", 128, 1, 4096),
        summarySeconds == 0 ? null : Duration.ofSeconds(summarySeconds),
        false);
  }
}
