package io.devicejobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.Await;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as operators run it ({@code java -jar target/device-jobs.jar}), after the shade plugin left out
 * what the server never loads: it unpacks its embedded PostgreSQL afresh, migrates and serves the API, its docs and
 * its metrics. Runs in {@code mvn verify} (failsafe), after {@code package}.
 */
class JarSmokeIT {
  private static final Path JAR = Path.of("target/device-jobs.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  @Test
  void theJarHoldsTheLinuxDatabaseBinariesOnly() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> binaries =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(name -> name.startsWith("postgres-") && name.endsWith(".txz"))
              .sorted()
              .toList();
      assertEquals(List.of("postgres-linux-arm_64.txz", "postgres-linux-x86_64.txz"), binaries);
    }
  }

  @Test
  void theJarStartsOnAFreshEmbeddedDatabaseAndServes() throws Exception {
    int port = freePort();
    Path log = tmp.resolve("server.log");
    Path unpacked = Files.createDirectory(tmp.resolve("tmp"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Its own temporary directory, so that zonky unpacks the binaries again instead of reusing the
    // tests' copy.
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-Djava.io.tmpdir=" + unpacked,
                "-jar",
                JAR.toAbsolutePath().toString())
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().remove("DB_HOST");
    builder.environment().put("DATA_DIR", tmp.resolve("data").toString());
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("LOG_LEVEL", "INFO");
    Process server = builder.start();
    try {
      Await.until(
          Duration.ofSeconds(120),
          "the server listening, or gone: " + log,
          () -> !server.isAlive() || read(log).contains("device-jobs listening on"));
      assertTrue(server.isAlive(), () -> read(log));
      try (var unpackedBinaries = Files.list(unpacked.resolve("embedded-pg"))) {
        assertEquals(1, unpackedBinaries.count(), "binaries unpacked from the jar");
      }

      assertEquals(200, get(port, "/health/ready").statusCode(), () -> read(log));
      HttpResponse<String> metrics = get(port, "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), metrics.body());
      assertEquals(
          "device-jobs API",
          new JsonObject(get(port, "/openapi.json").body())
              .getJsonObject("info")
              .getString("title"));
      assertEquals(200, get(port, "/api-docs/").statusCode());
      assertEquals(200, get(port, "/api-docs/swagger-ui/swagger-ui-bundle.js").statusCode());
      assertEquals(200, get(port, "/").statusCode());

      server.destroy();
      assertTrue(server.waitFor(60, TimeUnit.SECONDS), () -> read(log));
      assertTrue(read(log).contains("device-jobs stopped"), () -> read(log));
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String read(Path log) {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
