package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the outbox reads the server's answers: each report takes effect once, in order. */
class ReportOutboxTest {

  private static final UUID JOB = UUID.fromString("00000000-0000-4000-8000-0000000000aa");

  @TempDir Path spoolDir;
  private FakeDeviceApi api;
  private Spool spool;
  private ReportOutbox outbox;
  private final List<String> heard = new ArrayList<>();
  private final ReportOutbox.Listener listener =
      new ReportOutbox.Listener() {
        @Override
        public void confirmed(UUID jobId, int version) {
          heard.add("confirmed " + version);
        }

        @Override
        public void ended(UUID jobId, String status) {
          heard.add("ended " + status);
        }
      };

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeDeviceApi();
    spool = new Spool(spoolDir);
    outbox = new ReportOutbox(spool, new ReportDelivery(api.client()), listener);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void anAcceptedReportLeavesTheSpool() throws Exception {
    api.answer(200, "{\"execution\": {\"version_number\": 3}}");
    outbox.add(JOB, started(2));

    assertTrue(outbox.flush().empty());
    assertTrue(spool.pending().isEmpty());
    assertEquals(List.of("confirmed 3"), heard);
    FakeDeviceApi.Request sent = api.requests().get(0);
    assertEquals("PATCH", sent.method());
    assertEquals(
        "/api/v1/devices/" + FakeDeviceApi.DEVICE + "/jobs/" + JOB + "/status", sent.path());
    assertEquals("Bearer djd_test-token", sent.authorization());
  }

  @Test
  void aReportTheServerCannotTakeNowWaitsAndKeepsTheOrder() throws Exception {
    api.answer(503, "{}");
    outbox.add(JOB, started(2));
    outbox.add(JOB, ReportBodies.rejected("late", 3));

    assertFalse(outbox.flush().empty());
    assertEquals(1, api.requests().size(), "the second waits behind the first");
    assertEquals(2, spool.pending().size());

    api.answer(200, "{\"execution\": {\"version_number\": 3}}")
        .answer(200, "{\"execution\": {\"version_number\": 4}}");
    assertTrue(outbox.flush().empty());
    assertEquals(
        List.of("IN_PROGRESS", "REJECTED"),
        api.requests().stream()
            .skip(1)
            .map(r -> Json.parseOrMissing(r.body()).path("status").asText())
            .toList());
  }

  @Test
  void aResendWhoseFirstAttemptLandedIsRecognisedAndDropped() throws Exception {
    ObjectNode report = started(2);
    outbox.add(JOB, report);
    String id = report.path("status_details").path(ReportBodies.REPORT_ID).asText();
    api.answer(409, conflict("IN_PROGRESS", 3, id));

    assertTrue(outbox.flush().empty());
    assertTrue(spool.pending().isEmpty());
    assertEquals(List.of("confirmed 3"), heard);
    assertEquals(1, api.requests().size(), "not sent again");
  }

  @Test
  void aReportBehindTheCurrentVersionIsRebasedAndSentAgain() throws Exception {
    outbox.add(JOB, started(2));
    api.answer(409, conflict("IN_PROGRESS", 5, "someone-else"))
        .answer(200, "{\"execution\": {\"version_number\": 6}}");

    assertTrue(outbox.flush().empty());
    List<FakeDeviceApi.Request> requests = api.requests();
    assertEquals(2, Json.parseOrMissing(requests.get(0).body()).path("expected_version").asInt());
    JsonNode resent = Json.parseOrMissing(requests.get(1).body());
    assertEquals(5, resent.path("expected_version").asInt());
    assertEquals(List.of("confirmed 6"), heard);
  }

  @Test
  void aReportOnAnExecutionTheServerEndedIsDroppedAndTheJobStopped() throws Exception {
    outbox.add(JOB, started(2));
    api.answer(409, conflict("CANCELED", 4, "someone-else"));

    assertTrue(outbox.flush().empty());
    assertTrue(spool.pending().isEmpty());
    assertEquals(List.of("ended CANCELED"), heard);
  }

  @Test
  void aReportTheServerRefusesForGoodIsDropped() throws Exception {
    outbox.add(JOB, started(2));
    api.answer(404, "{\"error\": \"not_found\", \"message\": \"no such execution\"}");

    assertTrue(outbox.flush().empty());
    assertTrue(spool.pending().isEmpty());
    assertTrue(heard.isEmpty());
  }

  @Test
  void waitingReportsSurviveARestartOfTheAgent() throws Exception {
    api.answer(503, "{}");
    outbox.add(JOB, started(2));
    assertFalse(outbox.flush().empty());

    Spool reopened = new Spool(spoolDir);
    ReportOutbox afterRestart =
        new ReportOutbox(reopened, new ReportDelivery(api.client()), listener);
    api.answer(200, "{\"execution\": {\"version_number\": 3}}");
    assertTrue(afterRestart.flush().empty());
    assertEquals(List.of("confirmed 3"), heard);
    assertEquals(
        api.requests().get(0).body(), api.requests().get(1).body(), "the same report, id and all");
  }

  private static ObjectNode started(int version) {
    return ReportBodies.started(Json.object(), version);
  }

  private static String conflict(String status, int version, String lastReportId) {
    ObjectNode body = Json.object();
    body.put("error", "conflict");
    ObjectNode current = body.putObject("current");
    current.put("status", status);
    current.put("version_number", version);
    current
        .putObject("last_report")
        .putObject("status_details")
        .put(ReportBodies.REPORT_ID, lastReportId);
    return body.toString();
  }
}
