package io.devicejobs.simulator;

import io.devicejobs.agent.AgentConfig;
import io.devicejobs.agent.Options;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private static final Set<String> FLAGS =
      Set.of(
          "server",
          "devices",
          "interval-ms",
          "duration-s",
          "success-ratio",
          "job-ms",
          "real",
          "api-key",
          "prefix",
          "connections",
          "summary-s");

  public SimulatorOptions {
    if (devices < 1) {
      throw new IllegalArgumentException("--devices must be at least 1");
    }
    if (!GROUP_NAME.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "--prefix must be a group name (letters, digits, ._+:@-), not " + prefix);
    }
    String base = server.toString();
    if (base.endsWith("/")) {
      server = URI.create(base.substring(0, base.length() - 1));
    }
  }

  public static SimulatorOptions parse(List<String> args, Map<String, String> env) {
    Options options = Options.parse(args, env, FLAGS, Set.of("real"));
    long durationSeconds = options.number("duration-s", null, 60, 0, 365L * 24 * 3600);
    long summarySeconds = options.number("summary-s", null, 5, 0, 3600);
    return new SimulatorOptions(
        URI.create(options.string("server", "CLOUD_API_URL", AgentConfig.DEFAULT_SERVER)),
        (int) options.number("devices", null, 100, 1, 1_000_000),
        options.millis("interval-ms", null, 1_000, 10, 86_400_000),
        durationSeconds == 0 ? null : Duration.ofSeconds(durationSeconds),
        options.fraction("success-ratio", null, 0.95),
        options.millis("job-ms", null, 2_000, 0, 86_400_000),
        options.isSet("real"),
        options.string("api-key", "API_KEY"),
        options.string("prefix", null, "sim"),
        (int) options.number("connections", null, 128, 1, 4096),
        summarySeconds == 0 ? null : Duration.ofSeconds(summarySeconds),
        false);
  }

  public static final String USAGE =
      """
      usage: java -jar device-jobs.jar simulate --server URL --devices N [options]

      options:
        --server URL          the API base [CLOUD_API_URL], default http://localhost:4002/api/v1
        --devices N           virtual devices, default 100
        --interval-ms N       poll interval per device (±10 % jitter), default 1000
        --duration-s N        run this long, then print the final summary; 0 runs until Ctrl-C; default 60
        --success-ratio X     share of simulated jobs that succeed, default 0.95
        --job-ms N            how long a simulated job takes, default 2000
        --real                run job documents for real (with this machine's shell!) instead
        --api-key KEY         operator key for provisioning devices [API_KEY]
        --prefix NAME         devices are NAME-1..NAME-N in group NAME (reused when they exist), default sim
        --connections N       HTTP connection pool size, default 128
        --summary-s N         seconds between summary lines (0: none), default 5
      """;
}
