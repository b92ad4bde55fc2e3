package io.devicejobs.live.socket;

import io.devicejobs.live.EventTopic;
import io.vertx.core.json.JsonObject;

/** The server's answers to client frames (docs/websocket.md); events travel as {@code LiveEvent} frames. */
final class ServerFrames {
  private ServerFrames() {}

  /** A subscription is in place: frames up to {@code seq} were replayed (or precede it), later ones follow live. */
  static String subscribed(ClientRequest.Subscribe request, long seq, int replayed) {
    JsonObject ack =
        request(request.type(), request.topic()).put("seq", seq).put("replayed", replayed);
    if (request.sinceSeq() != null) {
      ack.put("since_seq", request.sinceSeq());
    }
    return ack.encode();
  }

  static String unsubscribed(ClientRequest.Unsubscribe request, boolean wasSubscribed) {
    return request(request.type(), request.topic()).put("was_subscribed", wasSubscribed).encode();
  }

  static String pong() {
    return new JsonObject().put("type", "pong").encode();
  }

  /** An error frame; {@code request} (the client frame's type) and {@code topic} are null when unknown. */
  static String error(ProtocolError error, String request, EventTopic topic) {
    JsonObject frame =
        new JsonObject()
            .put("type", "error")
            .put("code", error.code())
            .put("message", error.getMessage());
    if (request != null) {
      frame.put("request", request);
      identify(frame, topic);
    }
    return frame.encode();
  }

  private static JsonObject request(String type, EventTopic topic) {
    return identify(new JsonObject().put("type", "ack").put("request", type), topic);
  }

  private static JsonObject identify(JsonObject frame, EventTopic topic) {
    if (topic != null && topic.kind() == EventTopic.Kind.DEVICE) {
      frame.put("device_uuid", topic.id().toString());
    } else if (topic != null && topic.kind() == EventTopic.Kind.JOB) {
      frame.put("job_id", topic.id().toString());
    }
    return frame;
  }
}
