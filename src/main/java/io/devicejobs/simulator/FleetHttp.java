package io.devicejobs.simulator;

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

/**
 * Non-blocking HTTP to the server for every virtual device at once: one Vert.x client whose bounded pool of
 * keep-alive connections is shared by all devices, so thousands of devices cost sockets and memory, not threads.
 */
final class FleetHttp implements AutoCloseable {

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

    /** Overload, server trouble, or credentials not valid yet: worth trying again later. */
    boolean isTransient() {
      return status == 408 || status == 429 || status >= 500 || status == 401 || status == 403;
    }
  }

  private final HttpClientAgent client;
  private final String host;
  private final int port;
  private final String basePath;

  FleetHttp(Vertx vertx, URI server, int connections) {
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
                                retryAfter(response.getHeader("Retry-After")))));
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
    client.close();
  }
}
