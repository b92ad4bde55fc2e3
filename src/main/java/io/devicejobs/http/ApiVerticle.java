package io.devicejobs.http;

import io.devicejobs.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server of one event loop: loads the contract, asks the composition root for the router
 * and listens; one instance runs per event loop, all on the same port.
 */
public final class ApiVerticle extends VerticleBase {
  public static final String API_BASE = "/api/v1";

  private final AppConfig config;
  private final int port;
  private final RouterFactory routers;
  private HttpServer server;

  public ApiVerticle(AppConfig config, int port, RouterFactory routers) {
    this.config = config;
    this.port = port;
    this.routers = routers;
  }

  @Override
  public Future<?> start() {
    return Contract.load(vertx)
        .map(loaded -> routers.create(vertx, loaded))
        .compose(
            router ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setHost(config.host())
                            .setPort(port)
                            .setCompressionSupported(true)
                            .setTcpNoDelay(true))
                    .requestHandler(router)
                    .listen())
        .onSuccess(listening -> server = listening);
  }

  /** Stops accepting connections and lets in-flight requests finish within the grace period. */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }
}
