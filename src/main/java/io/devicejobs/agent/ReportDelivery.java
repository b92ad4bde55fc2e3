package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sends one report, once, and says what became of it. */
final class ReportDelivery {

  /** What became of one attempt. */
  sealed interface Result {}

  /**
   * The server has the report.
   *
   * @param version the execution's version now
   * @param byEarlierAttempt this attempt was refused because an earlier one had landed
   */
  record Delivered(int version, boolean byEarlierAttempt) implements Result {}

  /** The execution is over on the server (canceled, timed out, removed); the report cannot apply. */
  record Ended(String status) implements Result {}

  /** The execution is open at another version; the report never landed and may be sent at that version. */
  record Stale(int currentVersion) implements Result {}

  /** The server will never accept this report (no such execution, a malformed report). */
  record Refused(String why) implements Result {}

  /**
   * Not now: the server is unreachable, overloaded or failing.
   *
   * @param unavailable the server could not be reached or answered 502/503/504 (an outage, logged as one)
   */
  record RetryLater(Optional<Duration> retryAfter, String why, boolean unavailable)
      implements Result {}

  /** The code a 400's detail carries for a field the server's contract does not have. */
  static final String UNKNOWN_FIELD = "unknown_field";

  private final CloudApi api;

  ReportDelivery(CloudApi api) {
    this.api = api;
  }

  /**
   * @param reportId the report's id, or null for a report that carries none (a heartbeat)
   */
  Result send(UUID jobId, ObjectNode report, String reportId) throws InterruptedException {
    HttpAnswer answer;
    try {
      answer = api.report(jobId, report);
      List<String> unknown = unknownFields(answer, report);
      if (!unknown.isEmpty()) {
        // An older server that lacks fields this agent sends: once without them.
        ObjectNode trimmed = report.deepCopy();
        trimmed.remove(unknown);
        answer = api.report(jobId, trimmed);
      }
    } catch (IOException e) {
      return new RetryLater(Optional.empty(), e.toString(), true);
    }
    if (answer.isSuccess()) {
      return new Delivered(answer.body().path("execution").path("version_number").asInt(), false);
    }
    if (answer.status() == 409 && answer.body().path("current").isObject()) {
      return conflict(answer.body().path("current"), reportId);
    }
    if (answer.isTransient()) {
      return new RetryLater(answer.retryAfter(), answer.message(), answer.isUnavailable());
    }
    return new Refused(answer.message());
  }

  /** Top-level fields of the report that a 400 names as unknown to the server ({@code status} never). */
  static List<String> unknownFields(HttpAnswer answer, ObjectNode report) {
    if (answer.status() != 400) {
      return List.of();
    }
    List<String> unknown = new ArrayList<>();
    for (JsonNode detail : answer.body().path("details")) {
      String pointer = detail.path("pointer").asText("");
      String field = pointer.startsWith("/") ? pointer.substring(1) : "";
      if (UNKNOWN_FIELD.equals(detail.path("code").asText())
          && !field.isEmpty()
          && !field.contains("/")
          && !field.equals("status")
          && report.has(field)) {
        unknown.add(field);
      }
    }
    return unknown;
  }

  private static Result conflict(JsonNode current, String reportId) {
    String status = current.path("status").asText();
    String lastReportId =
        current
            .path("last_report")
            .path("status_details")
            .path(ReportBodies.REPORT_ID)
            .asText(null);
    int version = current.path("version_number").asInt();
    return switch (ConflictVerdict.of(status, lastReportId, reportId)) {
      case LANDED -> new Delivered(version, true);
      case ENDED -> new Ended(status);
      case STALE -> new Stale(version);
    };
  }
}
