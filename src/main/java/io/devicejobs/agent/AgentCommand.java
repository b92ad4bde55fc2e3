package io.devicejobs.agent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar device-jobs.jar agent [flags]}: runs the agent until SIGTERM or Ctrl-C. */
public final class AgentCommand {

  public static final String USAGE =
      """
      usage: java -jar device-jobs.jar agent --device UUID [options]

      options (environment variable in brackets; flags win):
        --server URL               the API base [CLOUD_API_URL], default http://localhost:4002/api/v1
        --device UUID              this device's uuid [DEVICE_UUID], required
        --token TOKEN              device token, sent as "Authorization: Bearer" [DEVICE_TOKEN]
        --poll-interval-ms N       pause between polls that find nothing [CLOUD_JOBS_POLLING_INTERVAL], 30000
        --heartbeat-interval-ms N  IN_PROGRESS heartbeat while a job runs [HEARTBEAT_INTERVAL_MS], 10000
        --max-backoff-ms N         longest pause after failed calls [MAX_BACKOFF_MS], 300000
        --state-dir DIR            spool, journal, handler cache [AGENT_STATE_DIR], ./agent-state
        --work-dir DIR             working directory of job processes [AGENT_WORK_DIR], <state-dir>/work
      """;

  private AgentCommand() {}

  public static void run(List<String> args, Map<String, String> env) throws Exception {
    Agent agent = new Agent(AgentConfig.parse(args, env));
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
  }
}
