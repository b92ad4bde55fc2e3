package io.devicejobs.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A report waiting in the spool: the body as it will be sent, for one job.
 *
 * @param sequence the order in which reports were made, and are sent
 */
record SpooledReport(long sequence, UUID jobId, ObjectNode report, Path file) {

  /** The id every spooled report carries in its status_details, by which a resend is recognised. */
  String reportId() {
    return report.path("status_details").path(ReportBodies.REPORT_ID).asText(null);
  }

  String status() {
    return report.path("status").asText();
  }

  int expectedVersion() {
    return report.path("expected_version").asInt();
  }

  SpooledReport withExpectedVersion(int version) {
    ObjectNode rebased = report.deepCopy();
    rebased.put("expected_version", version);
    return new SpooledReport(sequence, jobId, rebased, file);
  }

  @Override
  public String toString() {
    return status() + " report " + reportId() + " on job " + jobId;
  }
}
