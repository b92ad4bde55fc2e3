package io.devicejobs.simulator;

import io.devicejobs.agent.HttpAnswer;
import io.devicejobs.agent.Outage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Non-blocking HTTP to the server for every virtual device at once: one Vert.x client whose bounded pool of
 * keep-alive connections is shared by all devices, so thousands of devices cost sockets and memory, not threads.
 * An unavailable server (unreachable, 502/503/504) is logged once per outage for the whole fleet.
 */
final class FleetHttp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetHttp.class);
  private static final long REQUEST_TIMEOUT_MS = 30_000;

  /**
   * One answer.
   *
   * @param retryAfterSeconds the Retry-After header in seconds, or -1
   */
  record Answer(int status, Buffer body, long retryAfterSeconds) {

    boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    JsonObject json() {
      return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }

    /** The Retry-After header, when there was a usable one. */
    Optional<Duration> retryAfter() {
      return retryAfterSeconds < 0
          ? Optional.empty()
          : Optional.of(Duration.ofSeconds(retryAfterSeconds));
    }

    /** 502/503/504: like a network error, an outage (retried without limit, logged once). */
    boolean isUnavailable() {
      return HttpAnswer.isUnavailable(status);
    }

    /** Overload, server trouble, or credentials not valid yet: worth trying again later. */
    boolean isTransient() {
      return status == 408 || status == 429 || status >= 500 || status == 401 || status == 403;
    }
  }

  private final HttpClientAgent client;
  private final String host;
  private final int port;
  private final String basePath;
  private final Outage outage;
  private volatile boolean closed;

  FleetHttp(Vertx vertx, URI server, int connections) {
    this.outage = new Outage(LOG, "server " + server);
    this.host = server.getHost();
    boolean tls = "https".equals(server.getScheme());
    this.port = server.getPort() > 0 ? server.getPort() : tls ? 443 : 80;
    this.basePath = server.getRawPath() == null ? "" : server.getRawPath();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setSsl(tls)
                .setConnectTimeout(10_000),
            new PoolOptions().setHttp1MaxSize(connections));
  }

  /** @param bearer sent as {@code Authorization: Bearer}; null sends no credentials */
  Future<Answer> send(HttpMethod method, String path, String bearer, JsonObject body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setHost(host)
            .setPort(port)
            .setURI(basePath + path)
            .setTimeout(REQUEST_TIMEOUT_MS);
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return client
        .request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(
            response ->
                response
                    .body()
                    .map(
                        bytes ->
                            new Answer(
                                response.statusCode(),
                                bytes,
                                retryAfter(response.getHeader("Retry-After")))))
        .onComplete(this::observe);
  }

  /** Every device's requests go through here: the whole fleet's outage is logged once. */
  private void observe(AsyncResult<Answer> result) {
    if (closed) {
      // Requests cut by close() say nothing about the server.
      return;
    }
    if (result.failed()) {
      outage.unavailable(result.cause().toString());
    } else if (result.result().isUnavailable()) {
      outage.unavailable("HTTP " + result.result().status());
    } else {
      outage.available();
    }
  }

  private static long retryAfter(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    closed = true;
    client.close();
  }
}
