package io.devicejobs.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  @Test
  void theIssuesCommandLineIsUnderstood() {
    SimulatorOptions options =
        SimulatorOptions.parse(
            List.of(
                "--server",
                "http://127.0.0.1:4002/api/v1/",
                "--devices",
                "5000",
                "--interval-ms",
                "1000",
                "--duration-s",
                "60",
                "--success-ratio",
                "0.9",
                "--job-ms",
                "1500",
                "--real"),
            Map.of("API_KEY", "djk_key"));

    assertEquals(URI.create("http://127.0.0.1:4002/api/v1"), options.server());
    assertEquals(5000, options.devices());
    assertEquals(Duration.ofSeconds(1), options.pollInterval());
    assertEquals(Duration.ofSeconds(60), options.duration());
    assertEquals(0.9, options.successRatio());
    assertEquals(Duration.ofMillis(1500), options.jobDuration());
    assertTrue(options.real());
    assertEquals("djk_key", options.apiKey());
    assertEquals("sim", options.prefix());
  }

  @Test
  void zeroSecondsRunsUntilStopped() {
    SimulatorOptions options =
        SimulatorOptions.parse(List.of("--duration-s", "0", "--summary-s", "0"), Map.of());

    assertNull(options.duration());
    assertNull(options.summaryEvery());
  }

  @Test
  void badValuesAreNamed() {
    IllegalArgumentException ratio =
        assertThrows(
            IllegalArgumentException.class,
            () -> SimulatorOptions.parse(List.of("--success-ratio", "1.5"), Map.of()));
    assertEquals("--success-ratio must be between 0 and 1, not 1.5", ratio.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SimulatorOptions.parse(List.of("--prefix", "no spaces"), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> SimulatorOptions.parse(List.of("--devices", "0"), Map.of()));
  }
}
