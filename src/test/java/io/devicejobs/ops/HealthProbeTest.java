package io.devicejobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.devicejobs.testing.ServerTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The container health check: `java -jar device-jobs.jar health`. */
class HealthProbeTest extends ServerTest {
  @Test
  void aReadyServerPassesAndAMissingOneFails() throws Exception {
    assertEquals(
        0,
        HealthProbe.probe(
            HealthProbe.target(List.of(), Map.of("PORT", String.valueOf(server.port())))));
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    assertEquals(1, HealthProbe.probe(URI.create("http://127.0.0.1:" + closed + "/health/ready")));
    assertEquals(
        1, HealthProbe.probe(URI.create("http://127.0.0.1:" + server.port() + "/health/none")));
  }

  @Test
  void readsTheTargetFromPortOrUrl() {
    assertEquals(
        URI.create("http://127.0.0.1:4002/health/ready"), HealthProbe.target(List.of(), Map.of()));
    assertEquals(
        URI.create("http://h:1/x"), HealthProbe.target(List.of("--url", "http://h:1/x"), Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> HealthProbe.target(List.of("--bogus"), Map.of()));
  }
}
