package io.devicejobs.simulator;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code serve --demo}: five simulated devices and a first job that they carry out. */
class DemoFleetTest {

  @Test
  void theDemoDevicesCarryOutTheWelcomeJob() throws Exception {
    try (TestServer server = TestServer.start();
        DemoFleet demo =
            DemoFleet.start(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1"),
                TestServer.ADMIN_KEY)) {
      ApiClient api = server.client();
      assertEquals(
          5, assertStatus(200, api.get("/devices?group=" + DemoFleet.GROUP)).getLong("total"));
      JsonArray jobs = assertStatus(200, api.get("/jobs/executions")).getJsonArray("executions");
      assertEquals(1, jobs.size());
      String job = jobs.getJsonObject(0).getString("job_id");

      SimulatorTest.await(
          "the demo devices to finish the welcome job",
          () -> {
            JsonObject counts =
                assertStatus(200, api.get("/jobs/executions/" + job)).getJsonObject("job");
            return counts.getLong("succeeded_count") + counts.getLong("failed_count") == 5;
          });
    }
  }
}
