package io.devicejobs.faults;

import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveClients;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A live-status subscriber to everything, as a portal is: it keeps the seq of the last event it received and,
 * when its socket was closed, opens a new one and subscribes again after that seq, as clients are told to.
 */
final class StatusEventLog {
  private static final String SUBSCRIBE_ALL = "subscribe:all";

  private final LiveClients clients;
  private final int port;
  private LiveClient socket;
  private long lastSeq;
  private int reconnects;
  final Set<Long> statusEvents = new TreeSet<>();
  final List<String> errors = new ArrayList<>();

  StatusEventLog(LiveClients clients, int port) {
    this.clients = clients;
    this.port = port;
  }

  /** Subscribes; returns the seq after which events will arrive. */
  long subscribe() {
    socket = clients.open(port, TestServer.ADMIN_KEY);
    lastSeq = socket.request(new JsonObject().put("type", SUBSCRIBE_ALL)).getLong("seq");
    return lastSeq;
  }

  /** Takes what arrived; resubscribes after the last seq when the socket was closed. */
  void collect() {
    socket.drain().forEach(this::record);
    if (socket.isClosed()) {
      reconnects++;
      socket = clients.open(port, TestServer.ADMIN_KEY);
      socket.send(new JsonObject().put("type", SUBSCRIBE_ALL).put("since_seq", lastSeq));
    }
  }

  private void record(JsonObject frame) {
    String type = frame.getString("type");
    if (type.equals("error")) {
      errors.add(frame.encode());
    }
    if (frame.getValue("seq") instanceof Number seq && !type.equals("ack")) {
      lastSeq = Math.max(lastSeq, seq.longValue());
      if (type.equals("job:status")) {
        statusEvents.add(seq.longValue());
      }
    }
  }

  int reconnects() {
    return reconnects;
  }
}
