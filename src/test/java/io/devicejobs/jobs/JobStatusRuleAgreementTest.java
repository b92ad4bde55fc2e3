package io.devicejobs.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.devicejobs.jobs.rules.JobCounts;
import io.devicejobs.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A job's aggregate status is computed in SQL (to filter listings) and in Java (JobCounts.aggregate); this
 * checks that both say the same for every combination of zero and non-zero counts, canceled or not.
 */
class JobStatusRuleAgreementTest {

  @Test
  void sqlAndJavaAgreeOnEveryCombination() throws Exception {
    DatabaseSettings db = TestDatabase.get().newDatabase();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      List<String> rows = new ArrayList<>();
      List<JobCounts> counts = new ArrayList<>();
      List<Boolean> canceled = new ArrayList<>();
      for (int mask = 0; mask < 512; mask++) {
        long[] n = new long[8];
        for (int i = 0; i < 8; i++) {
          n[i] = (mask >> i & 1) * (i + 1);
        }
        boolean isCanceled = (mask >> 8 & 1) == 1;
        counts.add(new JobCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]));
        canceled.add(isCanceled);
        rows.add(
            "("
                + rows.size()
                + ", "
                + isCanceled
                + ", "
                + n[0]
                + ", "
                + n[1]
                + ", "
                + n[2]
                + ", "
                + n[3]
                + ", "
                + n[4]
                + ", "
                + n[5]
                + ", "
                + n[6]
                + ", "
                + n[7]
                + ")");
      }
      ResultSet rs =
          s.executeQuery(
              "SELECT i, aggregate_job_status(c, q, ip, su, f, t, r, ca, rm) FROM (VALUES "
                  + String.join(", ", rows)
                  + ") AS v (i, c, q, ip, su, f, t, r, ca, rm) ORDER BY i");
      while (rs.next()) {
        int i = rs.getInt(1);
        assertEquals(
            counts.get(i).aggregate(canceled.get(i)).name(),
            rs.getString(2),
            () -> counts.get(i) + " canceled=" + canceled.get(i));
      }
    } finally {
      TestDatabase.get().drop(db);
    }
  }
}
