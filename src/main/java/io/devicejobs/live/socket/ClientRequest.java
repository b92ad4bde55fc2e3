package io.devicejobs.live.socket;

import io.devicejobs.http.Uuids;
import io.devicejobs.live.EventTopic;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A frame a client sent (docs/websocket.md), checked. */
sealed interface ClientRequest {
  /** Longer frames are refused without being parsed. */
  int MAX_CHARS = 4_096;

  /** The frame's {@code type}, echoed in the answer. */
  String type();

  record Subscribe(String type, EventTopic topic, Long sinceSeq) implements ClientRequest {}

  record Unsubscribe(String type, EventTopic topic) implements ClientRequest {}

  record Ping(String type) implements ClientRequest {}

  static ClientRequest parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new ProtocolError("malformed_frame", "frames are at most " + MAX_CHARS + " characters");
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ProtocolError(
          "malformed_frame", "a frame is one JSON object, such as {\"type\":\"ping\"}");
    }
    Object type = frame.getValue("type");
    if (!(type instanceof String name)) {
      throw new ProtocolError("malformed_frame", "the frame has no \"type\"");
    }
    return switch (name) {
      case "ping" -> new Ping(name);
      case "subscribe:jobs" ->
          new Subscribe(name, EventTopic.device(uuid(frame, "device_uuid")), sinceSeq(frame));
      case "subscribe:job" ->
          new Subscribe(name, EventTopic.job(uuid(frame, "job_id")), sinceSeq(frame));
      case "subscribe:all" -> new Subscribe(name, EventTopic.ALL, sinceSeq(frame));
      case "unsubscribe:jobs" ->
          new Unsubscribe(name, EventTopic.device(uuid(frame, "device_uuid")));
      case "unsubscribe:job" -> new Unsubscribe(name, EventTopic.job(uuid(frame, "job_id")));
      case "unsubscribe:all" -> new Unsubscribe(name, EventTopic.ALL);
      default ->
          throw new ProtocolError(
              "unknown_type",
              "unknown type \""
                  + abbreviated(name)
                  + "\"; expected "
                  + "subscribe:jobs, subscribe:job, subscribe:all, unsubscribe:jobs, unsubscribe:job, unsubscribe:all "
                  + "or ping");
    };
  }

  private static UUID uuid(JsonObject frame, String field) {
    Object value = frame.getValue(field);
    if (!(value instanceof String text) || !Uuids.isUuid(text)) {
      throw ProtocolError.invalidField(field, "must be a UUID");
    }
    return UUID.fromString(text);
  }

  private static Long sinceSeq(JsonObject frame) {
    Object value = frame.getValue("since_seq");
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw ProtocolError.invalidField(
          "since_seq", "must be a non-negative integer (the last seq received)");
    }
    return ((Number) value).longValue();
  }

  private static String abbreviated(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
