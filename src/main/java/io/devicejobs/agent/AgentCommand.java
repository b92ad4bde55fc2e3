package io.devicejobs.agent;

import io.devicejobs.cli.BuildInfo;
import io.devicejobs.cli.Environment;
import io.devicejobs.cli.Options;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code agent [options]}: runs the agent until SIGTERM or Ctrl-C. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    sortOptions = false,
    description = {
      "Run the device agent: poll the server for jobs, run them and report each result exactly once, across"
          + " outages and restarts (docs/agent.md).",
      "Each option falls back to the environment variable in brackets; a flag wins."
    })
public final class AgentCommand implements Callable<Integer> {
  // The fields receive what picocli parsed; AgentConfig reads them through Options.
  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "the API base [CLOUD_API_URL], default " + AgentConfig.DEFAULT_SERVER)
  String server;

  @Option(
      names = "--device",
      paramLabel = "UUID",
      description = "this device's uuid [DEVICE_UUID], required")
  String device;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "device token, sent as \"Authorization: Bearer\" [DEVICE_TOKEN, or a file: DEVICE_TOKEN_FILE]")
  String token;

  @Option(
      names = "--poll-interval-ms",
      paramLabel = "N",
      description = "pause between polls that find nothing [CLOUD_JOBS_POLLING_INTERVAL], 30000")
  String pollIntervalMs;

  @Option(
      names = "--heartbeat-interval-ms",
      paramLabel = "N",
      description = "IN_PROGRESS heartbeat while a job runs [HEARTBEAT_INTERVAL_MS], 10000")
  String heartbeatIntervalMs;

  @Option(
      names = "--max-backoff-ms",
      paramLabel = "N",
      description = "longest pause after failed calls [MAX_BACKOFF_MS], 300000")
  String maxBackoffMs;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "spool, journal, handler cache [AGENT_STATE_DIR], ./agent-state")
  String stateDir;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "working directory of job processes [AGENT_WORK_DIR], <state-dir>/work")
  String workDir;

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  public AgentCommand(Map<String, String> env) {
    this.env = env;
  }

  /** The configuration these options and the environment give. */
  public AgentConfig config() {
    return AgentConfig.from(Options.of(spec, new Environment(env)));
  }

  @Override
  public Integer call() throws Exception {
    Agent agent = new Agent(config());
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C: kill the running job's processes, report it, then exit.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    agent.stop();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    stopped.countDown();
                  }
                },
                "agent-shutdown"));
    agent.start();
    stopped.await();
    return 0;
  }
}
