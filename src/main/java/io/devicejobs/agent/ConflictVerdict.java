package io.devicejobs.agent;

import java.util.Set;

/**
 * What a 409 to a status report means. The server answers 409 with {@code current}: the execution's status,
 * version and {@code last_report}, the last report it accepted, exactly as sent. Every report a device may
 * resend carries a unique id in its {@code status_details}, so:
 * <ul>
 *   <li>{@link #LANDED}: the last accepted report is this one: an earlier attempt landed and only its answer
 *       was lost. Drop the report; it took effect once.</li>
 *   <li>{@link #ENDED}: the execution is in a final state this report did not put it in (canceled, timed out,
 *       removed): nothing the device says can change it any more. Drop the report; stop the job.</li>
 *   <li>{@link #STALE}: the execution is still open at another version (a heartbeat whose answer was lost,
 *       a report sent before the previous one was confirmed). The report never landed, so sending it again
 *       at the current version is safe.</li>
 * </ul>
 */
public enum ConflictVerdict {
  LANDED,
  ENDED,
  STALE;

  private static final Set<String> OPEN = Set.of("QUEUED", "IN_PROGRESS");

  /**
   * @param currentStatus {@code current.status}
   * @param lastReportId the id in {@code current.last_report.status_details}, or null
   * @param sentReportId the id of the report that was refused, or null when it carried none
   */
  public static ConflictVerdict of(String currentStatus, String lastReportId, String sentReportId) {
    if (sentReportId != null && sentReportId.equals(lastReportId)) {
      return LANDED;
    }
    return OPEN.contains(currentStatus) ? STALE : ENDED;
  }
}
