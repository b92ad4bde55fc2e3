package io.devicejobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One open live-status WebSocket: sends frames, and hands the frames it received to the test in order. */
public final class LiveClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private LiveClient(WebSocket ws) {
    this.ws = ws;
  }

  static LiveClient of(WebSocket ws) {
    LiveClient client = new LiveClient(ws);
    ws.textMessageHandler(text -> client.frames.add(new JsonObject(text)));
    ws.closeHandler(v -> client.closed.complete(ws.closeStatusCode()));
    return client;
  }

  public void send(JsonObject frame) {
    sendText(frame.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  public void sendBinary(Buffer data) {
    ws.writeBinaryMessage(data);
  }

  /** Sends a subscribe or unsubscribe frame and returns the server's ack. */
  public JsonObject request(JsonObject frame) {
    send(frame);
    JsonObject answer = next();
    assertEquals(
        "ack",
        answer.getString("type"),
        () -> "answer to " + frame.encode() + ": " + answer.encode());
    return answer;
  }

  /** The next frame; fails after a generous wait. */
  public JsonObject next() {
    try {
      JsonObject frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + WAIT.toSeconds() + " s");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every frame up to and including the first one that matches, in order. */
  public List<JsonObject> until(Predicate<JsonObject> last) {
    List<JsonObject> seen = new ArrayList<>();
    while (true) {
      JsonObject frame = next();
      seen.add(frame);
      if (last.test(frame)) {
        return seen;
      }
    }
  }

  /** Frames already received and not taken yet (does not wait). */
  public List<JsonObject> drain() {
    List<JsonObject> out = new ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  /** Sends a ping frame and expects the pong: the socket is alive and serving. */
  public void assertAlive() {
    send(new JsonObject().put("type", "ping"));
    assertEquals("pong", next().getString("type"));
  }

  /** Stops reading from the network, as a stalled browser tab would. */
  public void stall() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  /** The close code the server sent (null when the connection ended without one). */
  public Short awaitClosed() {
    try {
      return closed.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the socket did not close", e);
    }
  }

  public String closeReason() {
    return ws.closeReason();
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ws.close();
    }
  }
}
