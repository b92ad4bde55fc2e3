package io.devicejobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Assertions on the API's answers. */
public final class ApiAssertions {
  private ApiAssertions() {}

  public static JsonObject assertStatus(int expected, Response response) {
    assertEquals(expected, response.status(), () -> "unexpected answer: " + response);
    return response.text().isEmpty() ? new JsonObject() : response.json();
  }

  /** The JSON error model with the given status and code. */
  public static JsonObject assertError(int status, String code, Response response) {
    JsonObject body = assertStatus(status, response);
    assertEquals(code, body.getString("error"), () -> "error code of " + response);
    assertNotNull(body.getString("message"), () -> "message of " + response);
    assertFalse(body.getString("message").isBlank());
    String type = response.header("Content-Type");
    assertTrue(type != null && type.startsWith("application/json"), () -> "content type " + type);
    return body;
  }

  /** A 400 whose details point at {@code pointer}. */
  public static JsonObject assertInvalidAt(String pointer, Response response) {
    JsonObject body = assertError(400, "validation_failed", response);
    JsonArray details = body.getJsonArray("details", new JsonArray());
    boolean found =
        details.stream()
            .map(JsonObject.class::cast)
            .anyMatch(d -> pointer.equals(d.getString("pointer")));
    assertTrue(found, () -> "expected a detail at " + pointer + " in " + response);
    return body;
  }
}
