package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The device-facing API, as one device calls it: blocking calls on the JDK's HTTP client, which is all one
 * agent needs. Every call carries the device token when one is configured.
 */
public final class CloudApi {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String deviceBase;
  private final String token;
  private final Clock clock;

  public CloudApi(URI serverUrl, UUID device, String token) {
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    this.deviceBase = serverUrl + "/devices/" + device;
    this.token = token;
    this.clock = Clock.systemUTC();
  }

  /** {@code GET …/jobs/next}: 200 with the job to run, 204 when there is nothing. */
  public HttpAnswer pollNextJob() throws IOException, InterruptedException {
    return send(request("/jobs/next").GET());
  }

  /** {@code PATCH …/jobs/{job}/status}. */
  public HttpAnswer report(UUID jobId, JsonNode report) throws IOException, InterruptedException {
    return send(
        request("/jobs/" + jobId + "/status")
            .header("Content-Type", "application/json")
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.ofString(report.toString(), StandardCharsets.UTF_8)));
  }

  /** {@code GET …/handlers/{name}}: the script of a handler in the server's library, with its SHA-256. */
  public HttpAnswer handler(String name) throws IOException, InterruptedException {
    return send(request("/handlers/" + URLEncoder.encode(name, StandardCharsets.UTF_8)).GET());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(deviceBase + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpAnswer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new HttpAnswer(
        response.statusCode(),
        Json.parseOrMissing(response.body()),
        HttpAnswer.parseRetryAfter(
            response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
  }
}
