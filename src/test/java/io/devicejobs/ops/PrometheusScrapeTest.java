package io.devicejobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's package) scrapes a running server every second, with the project's alert rules
 * loaded, and answers a domain metric back through its HTTP API.
 */
class PrometheusScrapeTest extends ServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void prometheusScrapesTheServerAndAnswersADomainMetric() throws Exception {
    String prometheus = PrometheusTools.require("prometheus");
    MetricsScript.run(server, fleet, new ArrayList<>());
    Path dir = Files.createTempDirectory("prometheus-test");
    int port = freePort();
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s
        scrape_configs:
          - job_name: device-jobs
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(PrometheusTools.RULES_DIR.resolve("alerts.yml"), server.port()));
    Process process =
        new ProcessBuilder(
                prometheus,
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    try {
      String base = "http://127.0.0.1:" + port;
      JsonArray claims =
          awaitResult(base, "devicejobs_claims_total{job=\"device-jobs\"}", process, dir);
      assertEquals(1, claims.size(), claims::encode);
      assertEquals("4", claims.getJsonObject(0).getJsonArray("value").getString(1));
      assertEquals(
          "1",
          awaitResult(base, "up{job=\"device-jobs\"}", process, dir)
              .getJsonObject(0)
              .getJsonArray("value")
              .getString(1));
      JsonArray groups = get(base + "/api/v1/rules").getJsonObject("data").getJsonArray("groups");
      assertEquals("device-jobs", groups.getJsonObject(0).getString("name"));
      for (Object rule : groups.getJsonObject(0).getJsonArray("rules")) {
        assertTrue(
            ((JsonObject) rule).getString("health").matches("ok|unknown"),
            ((JsonObject) rule).encode());
      }
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Queries until the result is not empty: Prometheus first has to start and scrape (every second). */
  private static JsonArray awaitResult(String base, String query, Process process, Path dir)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        JsonArray result =
            get(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .getJsonObject("data")
                .getJsonArray("result");
        if (!result.isEmpty()) {
          return result;
        }
      } catch (IOException notListeningYet) {
        // Prometheus is still starting.
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no result for "
            + query
            + " within 60 s: "
            + Files.readString(dir.resolve("prometheus.log")));
  }

  private static JsonObject get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
