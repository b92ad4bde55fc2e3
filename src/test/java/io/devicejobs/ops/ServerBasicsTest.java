package io.devicejobs.ops;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What every operation and endpoint shares: the contract, the error model, health and metrics. */
class ServerBasicsTest extends ServerTest {
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  @Test
  void servesTheContract() {
    ApiClient.Response response = api.get("/openapi.yaml");
    assertEquals(200, response.status());
    assertTrue(response.header("Content-Type").startsWith("application/yaml"));
    assertTrue(response.text().startsWith("openapi: 3.1"), "OpenAPI 3.1");
    assertTrue(response.text().contains("- url: /api/v1"));
  }

  /** Every operation of the contract answers something deliberate: never a 500 or the router's bare 503. */
  @Test
  @SuppressWarnings("unchecked")
  void everyOperationIsImplementedOrAnswers501InTheErrorModel() throws Exception {
    Map<String, Object> contract;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("openapi/device-jobs.yaml")) {
      contract = new Yaml().load(in);
    }
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) contract.get("paths");
    List<String> notImplemented = new ArrayList<>();
    int operations = 0;
    for (var path : paths.entrySet()) {
      String concrete =
          path.getKey()
              .replace("{uuid}", UUID.randomUUID().toString())
              .replace("{job_id}", UUID.randomUUID().toString())
              .replace("{id}", "999999")
              .replace("{name}", "nothing-here");
      for (String method : METHODS) {
        Map<String, Object> operation = (Map<String, Object>) path.getValue().get(method);
        if (operation == null) {
          continue;
        }
        operations++;
        String body = method.equals("get") || method.equals("delete") ? null : "{}";
        ApiClient.Response response =
            api.send(method.toUpperCase(), concrete, body, "application/json");
        assertTrue(
            response.status() >= 200 && response.status() < 500 || response.status() == 501,
            () -> method + " " + concrete + " answered " + response);
        assertNotEquals(503, response.status());
        if (response.status() == 501) {
          assertError(501, "not_implemented", response);
          notImplemented.add((String) operation.get("operationId"));
        } else if (response.status() >= 400) {
          assertFalse(response.json().getString("error").isBlank());
        }
      }
    }
    assertEquals(42, operations, "operations in the contract");
    assertEquals(List.of(), notImplemented);
  }

  @Test
  void unknownPathsAndMethodsAnswerInTheErrorModel() {
    assertError(404, "not_found", api.get("/nothing/here"));
    assertError(404, "not_found", api.get("/elsewhere"));
    assertError(
        405, "method_not_allowed", api.send("PATCH", "/jobs/templates", "{}", "application/json"));
  }

  @Test
  void wrongContentTypeIs415AndAnOversizedBodyIs413() {
    assertError(
        415,
        "unsupported_media_type",
        api.send("POST", "/devices", "device_name=x", "application/x-www-form-urlencoded"));
    assertError(
        415,
        "unsupported_media_type",
        api.send("POST", "/devices", "{\"device_name\": \"x\"}", "text/plain"));
    String huge = "{\"device_name\": \"" + "x".repeat(1_100_000) + "\"}";
    assertError(413, "payload_too_large", api.send("POST", "/devices", huge, "application/json"));
    assertEquals(0, server.count("SELECT count(*) FROM devices"));
  }

  @Test
  void healthEndpointsAnswer() {
    assertEquals("UP", assertStatus(200, api.get("/health/live")).getString("status"));
    JsonObject ready = assertStatus(200, api.get("/health/ready"));
    assertEquals("UP", ready.getJsonObject("checks").getString("database"));
  }

  @Test
  void everyAnswerCarriesARequestIdAndErrorBodiesRepeatIt() {
    ApiClient.Response given =
        api.send(
            "GET", "/devices/" + UUID.randomUUID(), null, null, "X-Request-Id", "trace-42.a:b_c");
    assertEquals("trace-42.a:b_c", given.header("X-Request-Id"), "a sane incoming id is kept");
    assertEquals("trace-42.a:b_c", assertError(404, "not_found", given).getString("request_id"));

    ApiClient.Response refused =
        api.send("GET", "/jobs/templates", null, null, "X-Request-Id", "not sane; <b>");
    String generated = refused.header("X-Request-Id");
    assertStatus(200, refused);
    assertTrue(generated.matches("[0-9a-f]{16}-[0-9a-f]+"), generated);

    ApiClient.Response unauthenticated = api.anonymous().get("/jobs/templates");
    JsonObject body = assertError(401, "unauthorized", unauthenticated);
    assertEquals(unauthenticated.header("X-Request-Id"), body.getString("request_id"));
    ApiClient.Response other = api.get("/health/live");
    assertNotEquals(generated, other.header("X-Request-Id"), "ids differ per request");
    // The hottest path too, without any header of the caller's.
    String device = UUID.randomUUID().toString();
    assertTrue(api.get("/devices/" + device + "/jobs/next").header("X-Request-Id") != null);
  }

  @Test
  void metricsAreLabelledByRouteTemplateNeverByRawPath() {
    String uuid = UUID.randomUUID().toString();
    api.get("/devices/" + uuid);
    api.get("/jobs/templates");
    String metrics = api.get("/metrics").text();
    assertTrue(metrics.contains("vertx_http_server_requests_total"), "HTTP metrics exported");
    assertTrue(metrics.contains("/devices/:uuid"), "route template label");
    assertFalse(metrics.contains(uuid), "no raw path label");
    assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics exported");
  }
}
