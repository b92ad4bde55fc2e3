package io.devicejobs.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.agent.engine.JobOutcome;
import io.devicejobs.agent.engine.JobResult;
import java.util.UUID;

/**
 * The bodies of {@code PATCH …/status}, worded in one place for the agent and the simulator. Every report
 * carries {@code expected_version}; those that may be resent carry a fresh {@code report_id} in their
 * {@code status_details} (see {@link ConflictVerdict}).
 */
public final class ReportBodies {

  public static final String REPORT_ID = "report_id";

  private ReportBodies() {}

  /** The job has started: its steps, none done yet. */
  public static ObjectNode started(ObjectNode progress, int expectedVersion) {
    return resendable("IN_PROGRESS", progress, expectedVersion);
  }

  /** A heartbeat: never resent, so it needs no id. */
  public static ObjectNode heartbeat(ObjectNode progress, int expectedVersion) {
    ObjectNode report = Json.object();
    report.put("status", "IN_PROGRESS");
    report.put("expected_version", expectedVersion);
    report.set("status_details", progress.deepCopy());
    return report;
  }

  /**
   * The end of a job the engine ran: SUCCEEDED, FAILED (timeouts included, with the engine's reason) or
   * REJECTED. A job the engine stopped because the agent itself was stopping is FAILED, saying so.
   */
  public static ObjectNode finished(JobResult result, ObjectNode progress, int expectedVersion) {
    ObjectNode report = resendable(status(result.outcome()), progress, expectedVersion);
    putIfPresent(report, "exit_code", result.exitCode());
    if (result.stdout() != null) {
      report.put("stdout", result.stdout());
    }
    report.put("stderr", result.stderr());
    report.put("executed_steps", result.executedSteps());
    putIfPresent(report, "failed_step", result.failedStep());
    String reason =
        result.outcome() == JobOutcome.CANCELED
            ? "the agent was stopped while the job ran (" + result.reason() + ")"
            : result.reason();
    putIfPresent(report, "reason", reason);
    ObjectNode details = (ObjectNode) report.get("status_details");
    details.put("timed_out", result.timedOut());
    return report;
  }

  /** A document this agent cannot run; nothing was executed. */
  public static ObjectNode rejected(String reason, int expectedVersion) {
    ObjectNode report = resendable("REJECTED", Json.object(), expectedVersion);
    report.put("reason", reason);
    report.put("executed_steps", 0);
    return report;
  }

  /** The journal shows the job was started before the agent restarted: its commands are not run again. */
  static ObjectNode restartedMidJob(JournalEntry entry, int expectedVersion) {
    ObjectNode report = resendable("FAILED", Json.object(), expectedVersion);
    report.put(
        "reason",
        "the agent restarted mid-job (the job started at "
            + entry.startedAt()
            + "); its commands were not run again");
    return report;
  }

  private static ObjectNode resendable(String status, ObjectNode progress, int expectedVersion) {
    ObjectNode report = Json.object();
    report.put("status", status);
    report.put("expected_version", expectedVersion);
    ObjectNode details = progress.deepCopy();
    details.put(REPORT_ID, UUID.randomUUID().toString());
    report.set("status_details", details);
    return report;
  }

  private static String status(JobOutcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> "SUCCEEDED";
      case REJECTED -> "REJECTED";
      case FAILED, CANCELED -> "FAILED";
    };
  }

  private static void putIfPresent(ObjectNode report, String field, Integer value) {
    if (value != null) {
      report.put(field, value);
    }
  }

  private static void putIfPresent(ObjectNode report, String field, String value) {
    if (value != null) {
      report.put(field, value);
    }
  }
}
