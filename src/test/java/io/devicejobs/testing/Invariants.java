package io.devicejobs.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must hold in the database whatever happened to the server (hostile input, a crash, an outage), each as a
 * query for the rows that break it: nothing listed means it holds.
 */
public final class Invariants {
  private static final String STATUSES =
      "('QUEUED', c.queued), ('IN_PROGRESS', c.in_progress), ('SUCCEEDED', c.succeeded),"
          + " ('FAILED', c.failed), ('TIMED_OUT', c.timed_out), ('REJECTED', c.rejected),"
          + " ('CANCELED', c.canceled), ('REMOVED', c.removed)";

  private static final Map<String, String> CHECKS = new LinkedHashMap<>();

  static {
    CHECKS.put(
        "a job's counters equal its executions, per status",
        "WITH r AS (SELECT job_id, status, count(*) AS n FROM device_job_status GROUP BY 1, 2),"
            + " k AS (SELECT c.job_id, s.status, sum(s.n) AS n FROM job_counters c"
            + " CROSS JOIN LATERAL (VALUES "
            + STATUSES
            + ") AS s (status, n) GROUP BY 1, 2)"
            + " SELECT coalesce(r.job_id, k.job_id) || ' ' || coalesce(r.status, k.status) || ': '"
            + " || coalesce(k.n, 0) || ' counted, ' || coalesce(r.n, 0) || ' rows'"
            + " FROM r FULL JOIN k ON k.job_id = r.job_id AND k.status = r.status"
            + " WHERE coalesce(r.n, 0) <> coalesce(k.n, 0)");
    CHECKS.put(
        "every execution belongs to a job",
        "SELECT s.job_id || ' on ' || s.device_uuid FROM device_job_status s"
            + " WHERE NOT EXISTS (SELECT 1 FROM job_executions j WHERE j.job_id = s.job_id)");
    CHECKS.put(
        "every job has its counters",
        "SELECT j.job_id::text FROM job_executions j"
            + " WHERE NOT EXISTS (SELECT 1 FROM job_counters c WHERE c.job_id = j.job_id)");
    CHECKS.put(
        "a job's total_devices is the number of its executions",
        "SELECT j.job_id || ': total_devices ' || j.total_devices || ', ' || count(s.job_id)"
            + " || ' executions' FROM job_executions j LEFT JOIN device_job_status s"
            + " ON s.job_id = j.job_id GROUP BY j.job_id, j.total_devices"
            + " HAVING count(s.job_id) <> j.total_devices");
  }

  private Invariants() {}

  /** Every broken invariant with the rows that break it (at most 20 each); empty when all hold. */
  public static List<String> violations(Sql sql) {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, String> check : CHECKS.entrySet()) {
      List<String> rows = sql.strings(check.getValue() + " LIMIT 20");
      if (!rows.isEmpty()) {
        violations.add(check.getKey() + ": " + rows);
      }
    }
    return violations;
  }
}
