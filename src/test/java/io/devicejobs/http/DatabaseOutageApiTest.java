package io.devicejobs.http;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.PrometheusText;
import io.devicejobs.testing.RestartablePostgres;
import io.devicejobs.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While the database is down, requests that need it answer 503 with Retry-After; afterwards 200 again. */
class DatabaseOutageApiTest {
  private static RestartablePostgres postgres;
  private static TestServer server;

  @BeforeAll
  static void start(@TempDir Path dataDir) {
    postgres = RestartablePostgres.start(dataDir);
    postgres.createDatabase("outage");
    server = TestServer.startOn(postgres.settings("outage"), Map.of());
  }

  @AfterAll
  static void stop() {
    server.close();
    postgres.close();
  }

  @Test
  void aStoppedDatabaseAnswers503WithRetryAfterAndAStartedOne200() {
    ApiClient api = server.client();
    assertStatus(200, api.get("/jobs/templates"));

    postgres.stop();
    // Once stopped, no connection of the pool can work: every request that needs one is refused.
    ApiClient.Response refused = api.get("/jobs/templates");
    assertError(503, "service_unavailable", refused);
    assertEquals("2", refused.header("Retry-After"));
    assertError(503, "service_unavailable", api.get("/devices?search=x"));

    postgres.start();
    Await.until("the pool connects again", () -> api.get("/jobs/templates").status() == 200);
    assertStatus(200, api.get("/devices?search=x"));
    PrometheusText metrics = new PrometheusText(api.get("/metrics").text());
    assertTrue(
        metrics.value("devicejobs_database_unavailable_responses_total") >= 2,
        "both 503s are counted");
  }
}
