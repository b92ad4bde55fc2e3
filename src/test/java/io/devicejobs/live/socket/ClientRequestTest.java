package io.devicejobs.live.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.devicejobs.live.EventTopic;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientRequestTest {
  private static final UUID ID = UUID.fromString("0b7c6c2e-3f5a-4c1e-9d2b-6a1f0e9c8d7b");

  @Test
  void subscribeFramesNameTheirTopicAndOptionalSinceSeq() {
    var device =
        assertInstanceOf(
            ClientRequest.Subscribe.class,
            ClientRequest.parse(
                "{\"type\":\"subscribe:jobs\",\"device_uuid\":\"" + ID + "\",\"since_seq\":12}"));
    assertEquals(EventTopic.device(ID), device.topic());
    assertEquals(12L, device.sinceSeq());
    var job =
        assertInstanceOf(
            ClientRequest.Subscribe.class,
            ClientRequest.parse(
                "{\"type\":\"subscribe:job\",\"job_id\":\"" + ID.toString().toUpperCase() + "\"}"));
    assertEquals(EventTopic.job(ID), job.topic());
    assertNull(job.sinceSeq());
    var all =
        assertInstanceOf(
            ClientRequest.Subscribe.class,
            ClientRequest.parse("{\"type\":\"subscribe:all\",\"since_seq\":9007199254740993}"));
    assertEquals(EventTopic.ALL, all.topic());
    assertEquals(9_007_199_254_740_993L, all.sinceSeq(), "large seqs are exact");
  }

  @Test
  void unsubscribeAndPingFrames() {
    assertEquals(
        EventTopic.job(ID),
        assertInstanceOf(
                ClientRequest.Unsubscribe.class,
                ClientRequest.parse("{\"type\":\"unsubscribe:job\",\"job_id\":\"" + ID + "\"}"))
            .topic());
    assertEquals(
        EventTopic.ALL,
        assertInstanceOf(
                ClientRequest.Unsubscribe.class,
                ClientRequest.parse("{\"type\":\"unsubscribe:all\"}"))
            .topic());
    assertInstanceOf(
        ClientRequest.Ping.class, ClientRequest.parse("{\"type\":\"ping\",\"extra\":1}"));
  }

  @Test
  void badFramesSayWhatIsWrong() {
    assertEquals("malformed_frame", code("null"));
    assertEquals("malformed_frame", code("\"ping\""));
    assertEquals("malformed_frame", code("{\"type\":null}"));
    assertEquals("unknown_type", code("{\"type\":\"subscribe:everything\"}"));
    assertEquals(
        "invalid_field", code("{\"type\":\"unsubscribe:jobs\",\"device_uuid\":\"" + ID + "x\"}"));
    assertEquals(
        "invalid_field",
        code("{\"type\":\"subscribe:job\",\"job_id\":\"" + ID + "\",\"since_seq\":true}"));
  }

  private static String code(String frame) {
    return assertThrows(ProtocolError.class, () -> ClientRequest.parse(frame)).code();
  }
}
