package io.devicejobs.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A blocking HTTP client for tests, so that they read as the sequence of calls a user makes. Paths are sent
 * exactly as written (percent-escapes included) relative to the server root.
 */
public final class ApiClient {
  public static final String API = "/api/v1";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String authorization;

  public ApiClient(int port) {
    this("http://127.0.0.1:" + port, null);
  }

  private ApiClient(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same server, calling with this secret (an operator key or a device token) as a bearer. */
  public ApiClient as(String secret) {
    return new ApiClient(base, secret == null ? null : "Bearer " + secret);
  }

  /** The same server, without credentials. */
  public ApiClient anonymous() {
    return new ApiClient(base, null);
  }

  public Response get(String path) {
    return send("GET", path, null, "application/json");
  }

  public Response delete(String path) {
    return send("DELETE", path, null, "application/json");
  }

  public Response post(String path, JsonObject body) {
    return send("POST", path, body.encode(), "application/json");
  }

  public Response put(String path, JsonObject body) {
    return send("PUT", path, body.encode(), "application/json");
  }

  public Response patch(String path, JsonObject body) {
    return send("PATCH", path, body.encode(), "application/json");
  }

  /** A JSON request with one extra header. */
  public Response sendWithHeader(
      String method, String path, String body, String header, String value) {
    return send(method, path, body, "application/json", header, value);
  }

  /** The API base is prepended to paths that start with "/" and are not already under it or the root endpoints. */
  public Response send(
      String method, String path, String body, String contentType, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + resolve(path)))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String resolve(String path) {
    if (path.startsWith(API)
        || path.startsWith("/health")
        || path.startsWith("/metrics")
        || path.startsWith("/openapi")) {
      return path;
    }
    return API + path;
  }

  /** A response with its body parsed on demand. */
  public record Response(int status, String text, HttpResponse<String> raw) {
    public JsonObject json() {
      try {
        return new JsonObject(text);
      } catch (RuntimeException e) {
        throw new AssertionError("expected a JSON object, got status " + status + ": " + text, e);
      }
    }

    public JsonArray array(String field) {
      return json().getJsonArray(field);
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }
}
