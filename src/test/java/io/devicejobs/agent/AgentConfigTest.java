package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class AgentConfigTest {

  private static final String DEVICE = "5f0c6c58-5a8e-4a57-9d37-1d1b1c7b0a11";

  @Test
  void theEnvironmentConfiguresTheAgent() {
    AgentConfig config =
        AgentConfig.parse(
            List.of(),
            Map.of(
                "CLOUD_API_URL", "http://cloud:4002/api/v1/",
                "DEVICE_UUID", DEVICE,
                "DEVICE_TOKEN", "djd_secret",
                "CLOUD_JOBS_POLLING_INTERVAL", "5000",
                "AGENT_STATE_DIR", "/var/lib/device-jobs"));

    assertEquals(URI.create("http://cloud:4002/api/v1"), config.serverUrl());
    assertEquals(UUID.fromString(DEVICE), config.deviceUuid());
    assertEquals("djd_secret", config.deviceToken());
    assertEquals(Duration.ofSeconds(5), config.pollInterval());
    assertEquals(Duration.ofSeconds(10), config.heartbeatInterval());
    assertEquals(Path.of("/var/lib/device-jobs"), config.stateDir());
    assertEquals(Path.of("/var/lib/device-jobs/work"), config.workDir());
    assertFalse(config.toString().contains("djd_secret"), "the token is never printed");
  }

  @Test
  void flagsWinOverTheEnvironmentAndDefaultsFillTheRest() {
    AgentConfig config =
        AgentConfig.parse(
            List.of(
                "--device", DEVICE, "--poll-interval-ms=250", "--heartbeat-interval-ms", "1000"),
            Map.of("CLOUD_JOBS_POLLING_INTERVAL", "5000"));

    assertEquals(URI.create(AgentConfig.DEFAULT_SERVER), config.serverUrl());
    assertEquals(Duration.ofMillis(250), config.pollInterval());
    assertEquals(Duration.ofSeconds(1), config.heartbeatInterval());
    assertEquals(Duration.ofMinutes(5), config.maxBackoff());
    assertNull(config.deviceToken());
  }

  @Test
  void mistakesAreNamed() {
    assertMessage("--device (or DEVICE_UUID) is required", List.of(), Map.of());
    assertMessage(
        "--device (DEVICE_UUID) must be a UUID, not pi-1", List.of("--device", "pi-1"), Map.of());
    ParameterException unknown =
        assertThrows(
            ParameterException.class,
            () -> AgentConfig.parse(List.of("--devise", DEVICE), Map.of()));
    assertEquals("Unknown options: '--devise', '" + DEVICE + "'", unknown.getMessage());
    assertMessage(
        "--poll-interval-ms (CLOUD_JOBS_POLLING_INTERVAL) must be a whole number, not 30s",
        List.of("--device", DEVICE),
        Map.of("CLOUD_JOBS_POLLING_INTERVAL", "30s"));
    assertMessage(
        "--server (CLOUD_API_URL) must be an http(s) URL, not ftp://x",
        List.of("--device", DEVICE, "--server", "ftp://x"),
        Map.of());
  }

  @Test
  void retryAfterIsSecondsOrADate() {
    Instant now = Instant.parse("2026-11-28T22:00:00Z");

    assertEquals(Optional.of(Duration.ofSeconds(7)), HttpAnswer.parseRetryAfter("7", now));
    assertEquals(
        Optional.of(Duration.ofSeconds(90)),
        HttpAnswer.parseRetryAfter("Sat, 28 Nov 2026 22:01:30 GMT", now));
    assertEquals(Optional.empty(), HttpAnswer.parseRetryAfter("soon", now));
    assertEquals(Optional.empty(), HttpAnswer.parseRetryAfter(null, now));
  }

  private static void assertMessage(String expected, List<String> args, Map<String, String> env) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.parse(args, env));
    assertEquals(expected, e.getMessage());
  }
}
