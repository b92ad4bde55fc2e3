package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A newer agent talking to an older server drops the report fields that server does not know. */
class ReportDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID JOB = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
  private static final String DELIVERED =
      "{\"execution\":{\"status\":\"IN_PROGRESS\",\"version_number\":3}}";

  private FakeDeviceApi api;

  @BeforeEach
  void startApi() throws Exception {
    api = new FakeDeviceApi();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private static String unknownField(String field) {
    return "{\"error\":\"validation_failed\",\"message\":\"bad\",\"details\":[{\"pointer\":\"/"
        + field
        + "\",\"message\":\"unknown field\",\"code\":\"unknown_field\"}]}";
  }

  private ObjectNode report() {
    ObjectNode report = JSON.createObjectNode();
    report.put("status", "IN_PROGRESS").put("expected_version", 2).put("future_field", "x");
    return report;
  }

  @Test
  void anUnknownFieldIsDroppedAndTheReportSentOnceMore() throws Exception {
    api.answer(400, unknownField("future_field")).answer(200, DELIVERED);
    ReportDelivery.Result result = new ReportDelivery(api.client()).send(JOB, report(), null);

    assertEquals(new ReportDelivery.Delivered(3, false), result);
    List<FakeDeviceApi.Request> sent = api.requests();
    assertEquals(2, sent.size());
    assertTrue(JSON.readTree(sent.get(0).body()).has("future_field"));
    ObjectNode resent = (ObjectNode) JSON.readTree(sent.get(1).body());
    assertFalse(resent.has("future_field"));
    assertEquals("IN_PROGRESS", resent.path("status").asText());
    assertEquals(2, resent.path("expected_version").asInt());
  }

  @Test
  void itIsResentOnlyOnce() throws Exception {
    api.answer(400, unknownField("future_field")).answer(400, unknownField("future_field"));
    ReportDelivery.Result result = new ReportDelivery(api.client()).send(JOB, report(), null);

    assertInstanceOf(ReportDelivery.Refused.class, result);
    assertEquals(2, api.requests().size());
  }

  @Test
  void aBadValueOfAKnownFieldIsNotDroppedAndNotResent() throws Exception {
    api.answer(
        400,
        "{\"error\":\"validation_failed\",\"message\":\"bad\",\"details\":"
            + "[{\"pointer\":\"/expected_version\",\"message\":\"must be >= 1\"}]}");
    ReportDelivery.Result result = new ReportDelivery(api.client()).send(JOB, report(), null);

    assertInstanceOf(ReportDelivery.Refused.class, result);
    assertEquals(1, api.requests().size());
  }

  @Test
  void theStatusItselfIsNeverDropped() throws Exception {
    api.answer(400, unknownField("status"));
    ReportDelivery.Result result = new ReportDelivery(api.client()).send(JOB, report(), null);

    assertInstanceOf(ReportDelivery.Refused.class, result);
    assertEquals(1, api.requests().size());
  }
}
