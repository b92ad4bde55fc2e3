package io.devicejobs.testing;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;

/** A {@link ServerTest} that also opens WebSockets to the server: they are closed before the server stops. */
public abstract class LiveServerTest extends ServerTest {
  protected final LiveClients clients = new LiveClients();

  @AfterAll
  final void closeClients() {
    clients.close();
  }

  /** {@code subscribe:jobs} for one device, with {@code since_seq} when it is not null. */
  public static JsonObject subscribeDevice(String device, Long sinceSeq) {
    JsonObject frame = new JsonObject().put("type", "subscribe:jobs").put("device_uuid", device);
    return sinceSeq == null ? frame : frame.put("since_seq", sinceSeq);
  }
}
