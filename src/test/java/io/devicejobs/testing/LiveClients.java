package io.devicejobs.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.TimeUnit;

/** Opens WebSockets to test servers, as a portal would; close it after the test class. */
public final class LiveClients implements AutoCloseable {
  public static final String PATH = ApiClient.API + "/ws";

  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client =
      vertx.createWebSocketClient(
          new WebSocketClientOptions()
              .setMaxConnections(10_000)
              // Small, so that a reader that stops reading makes the server's queue fill up soon.
              .setReceiveBufferSize(8 * 1024));

  /** A socket authenticated with an operator key as a bearer. */
  public LiveClient open(int port, String operatorKey) {
    WebSocketConnectOptions options =
        options(port, PATH).addHeader("Authorization", "Bearer " + operatorKey);
    return LiveClient.of(await(client.connect(options)));
  }

  /** A socket authenticated with a ticket from POST /auth/ws-ticket. */
  public LiveClient openWithTicket(int port, String ticket) {
    return LiveClient.of(await(client.connect(options(port, PATH + "?ticket=" + ticket))));
  }

  /** The HTTP status that refused an upgrade (fails if the upgrade succeeded). */
  public int refusal(int port, String uri, String authorization) {
    WebSocketConnectOptions options = options(port, uri);
    if (authorization != null) {
      options.addHeader("Authorization", authorization);
    }
    try {
      WebSocket accepted = client.connect(options).await(15, TimeUnit.SECONDS);
      accepted.close();
      throw new AssertionError("the upgrade was accepted");
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    } catch (Exception e) {
      if (e.getCause() instanceof UpgradeRejectedException rejected) {
        return rejected.getStatus();
      }
      throw new AssertionError("the upgrade failed otherwise", e);
    }
  }

  private static WebSocketConnectOptions options(int port, String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the WebSocket did not open: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().await(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
