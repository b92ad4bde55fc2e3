package io.devicejobs.agent;

import io.devicejobs.cli.Variable;
import java.time.Duration;

/** The agent's environment variables, each the fallback of a flag (docs/configuration.md, docs/agent.md). */
public final class AgentVariables {
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  public static final Variable<String> CLOUD_API_URL =
      Variable.text("CLOUD_API_URL", AgentConfig.DEFAULT_SERVER);
  public static final Variable<String> DEVICE_UUID = Variable.text("DEVICE_UUID", null);
  public static final Variable<String> DEVICE_TOKEN = Variable.secret("DEVICE_TOKEN");
  public static final Variable<Long> CLOUD_JOBS_POLLING_INTERVAL =
      Variable.number("CLOUD_JOBS_POLLING_INTERVAL", 30_000, 100, DAY_MS);
  public static final Variable<Long> HEARTBEAT_INTERVAL_MS =
      Variable.number("HEARTBEAT_INTERVAL_MS", 10_000, 100, DAY_MS);
  public static final Variable<Long> MAX_BACKOFF_MS =
      Variable.number("MAX_BACKOFF_MS", 300_000, 1_000, DAY_MS);
  public static final Variable<String> AGENT_STATE_DIR =
      Variable.text("AGENT_STATE_DIR", "./agent-state");
  public static final Variable<String> AGENT_WORK_DIR =
      Variable.text("AGENT_WORK_DIR", null).withDefault("<state dir>/work", () -> null);

  private AgentVariables() {}
}
