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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-facing API, as one device calls it: blocking calls on the JDK's HTTP client, which is all one
 * agent needs. Every call carries the device token when one is configured.
 */
public final class CloudApi {

  private static final Logger LOG = LoggerFactory.getLogger(CloudApi.class);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String deviceBase;
  private final String token;
  private final Clock clock;
  private final Outage outage;

  public CloudApi(URI serverUrl, UUID device, String token) {
    this(serverUrl, device, token, new Outage(LOG, "server " + serverUrl));
  }

  /** @param outage logs this client's outages; several clients may share one */
  public CloudApi(URI serverUrl, UUID device, String token, Outage outage) {
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    this.deviceBase = serverUrl + "/devices/" + device;
    this.token = token;
    this.clock = Clock.systemUTC();
    this.outage = outage;
  }

  /** Whether the server is unavailable as far as this client knows: its callers log at DEBUG meanwhile. */
  public boolean inOutage() {
    return outage.ongoing();
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

  /** Every call goes through here, so every outage is seen, whichever call meets it. */
  private HttpAnswer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      outage.unavailable(e.toString());
      throw e;
    }
    if (HttpAnswer.isUnavailable(response.statusCode())) {
      outage.unavailable("HTTP " + response.statusCode());
    } else {
      outage.available();
    }
    return new HttpAnswer(
        response.statusCode(),
        Json.parseOrMissing(response.body()),
        HttpAnswer.parseRetryAfter(
            response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
  }
}
