package io.devicejobs.agent;

import io.devicejobs.cli.Cli;
import io.devicejobs.cli.ConfigurationException;
import io.devicejobs.cli.Options;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How the agent reaches the server and paces itself.
 *
 * @param serverUrl the API base, e.g. {@code http://host:4002/api/v1}, without a trailing slash
 * @param deviceToken sent as {@code Authorization: Bearer <token>}; null sends no credentials
 * @param pollInterval the pause between polls that found nothing (±10 % jitter is added)
 * @param heartbeatInterval how often a running job reports IN_PROGRESS, which is also how a force cancel is
 *     noticed
 * @param minBackoff the first pause after a failed call; it doubles on each further failure
 * @param maxBackoff the longest pause after failed calls
 * @param stateDir holds the report spool, the job journal and the handler cache
 * @param workDir the working directory of the job's processes
 */
public record AgentConfig(
    URI serverUrl,
    UUID deviceUuid,
    String deviceToken,
    Duration pollInterval,
    Duration heartbeatInterval,
    Duration minBackoff,
    Duration maxBackoff,
    Path stateDir,
    Path workDir) {

  public static final String DEFAULT_SERVER = "http://localhost:4002/api/v1";

  public AgentConfig {
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(deviceUuid, "deviceUuid");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(workDir, "workDir");
    if (minBackoff.compareTo(maxBackoff) > 0) {
      throw new ConfigurationException("the first backoff must not exceed the longest one");
    }
  }

  /** Production pacing: poll every 30 s, heartbeat every 10 s, back off from 1 s up to 5 min. */
  public static AgentConfig defaults(URI serverUrl, UUID device, Path stateDir) {
    return new AgentConfig(
        withoutTrailingSlash(serverUrl),
        device,
        null,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        stateDir,
        stateDir.resolve("work"));
  }

  /**
   * Reads {@code agent}'s flags, falling back to the environment variables named in docs/agent.md.
   *
   * @throws picocli.CommandLine.ParameterException for an unknown flag or a flag without its value
   */
  public static AgentConfig parse(List<String> args, Map<String, String> env) {
    return Cli.parse(new AgentCommand(env), args).config();
  }

  static AgentConfig from(Options options) {
    UUID device;
    String deviceText = options.required("device", AgentVariables.DEVICE_UUID);
    try {
      device = UUID.fromString(deviceText);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "--device (DEVICE_UUID) must be a UUID, not " + deviceText, e);
    }
    URI server = serverUri(options.get("server", AgentVariables.CLOUD_API_URL));
    Path stateDir =
        Path.of(options.get("state-dir", AgentVariables.AGENT_STATE_DIR))
            .toAbsolutePath()
            .normalize();
    String workDir = options.get("work-dir", AgentVariables.AGENT_WORK_DIR);
    return defaults(server, device, stateDir)
        .withToken(options.get("token", AgentVariables.DEVICE_TOKEN))
        .withPollInterval(
            Duration.ofMillis(
                options.get("poll-interval-ms", AgentVariables.CLOUD_JOBS_POLLING_INTERVAL)))
        .withHeartbeatInterval(
            Duration.ofMillis(
                options.get("heartbeat-interval-ms", AgentVariables.HEARTBEAT_INTERVAL_MS)))
        .withBackoff(
            Duration.ofSeconds(1),
            Duration.ofMillis(options.get("max-backoff-ms", AgentVariables.MAX_BACKOFF_MS)))
        .withWorkDir(
            workDir == null
                ? stateDir.resolve("work")
                : Path.of(workDir).toAbsolutePath().normalize());
  }

  public AgentConfig withServerUrl(URI url) {
    return new AgentConfig(
        withoutTrailingSlash(url),
        deviceUuid,
        deviceToken,
        pollInterval,
        heartbeatInterval,
        minBackoff,
        maxBackoff,
        stateDir,
        workDir);
  }

  public AgentConfig withToken(String token) {
    return new AgentConfig(
        serverUrl,
        deviceUuid,
        token,
        pollInterval,
        heartbeatInterval,
        minBackoff,
        maxBackoff,
        stateDir,
        workDir);
  }

  public AgentConfig withPollInterval(Duration interval) {
    return new AgentConfig(
        serverUrl,
        deviceUuid,
        deviceToken,
        interval,
        heartbeatInterval,
        minBackoff,
        maxBackoff,
        stateDir,
        workDir);
  }

  public AgentConfig withHeartbeatInterval(Duration interval) {
    return new AgentConfig(
        serverUrl,
        deviceUuid,
        deviceToken,
        pollInterval,
        interval,
        minBackoff,
        maxBackoff,
        stateDir,
        workDir);
  }

  public AgentConfig withBackoff(Duration first, Duration longest) {
    return new AgentConfig(
        serverUrl,
        deviceUuid,
        deviceToken,
        pollInterval,
        heartbeatInterval,
        first,
        longest,
        stateDir,
        workDir);
  }

  public AgentConfig withWorkDir(Path directory) {
    return new AgentConfig(
        serverUrl,
        deviceUuid,
        deviceToken,
        pollInterval,
        heartbeatInterval,
        minBackoff,
        maxBackoff,
        stateDir,
        directory);
  }

  Path spoolDir() {
    return stateDir.resolve("spool");
  }

  Path journalFile() {
    return stateDir.resolve("journal.json");
  }

  Path handlerDir() {
    return stateDir.resolve("handlers");
  }

  private static URI serverUri(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("--server (CLOUD_API_URL) is not a URL: " + text, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new ConfigurationException(
          "--server (CLOUD_API_URL) must be an http(s) URL, not " + text);
    }
    return uri;
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }

  /** Never print the token. */
  @Override
  public String toString() {
    return "AgentConfig[server="
        + serverUrl
        + ", device="
        + deviceUuid
        + ", token="
        + (deviceToken == null ? "none" : "set")
        + ", poll="
        + pollInterval
        + ", heartbeat="
        + heartbeatInterval
        + ", state="
        + stateDir
        + "]";
  }
}
