package io.devicejobs.jobs.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobCountsTest {

  /** Counts in the field order: queued, inProgress, succeeded, failed, timedOut, rejected, canceled, removed. */
  private static JobCounts counts(long... n) {
    return new JobCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
  }

  @Nested
  class Arithmetic {

    @Test
    void zeroIsAllZeros() {
      assertEquals(counts(0, 0, 0, 0, 0, 0, 0, 0), JobCounts.zero());
      assertEquals(0, JobCounts.zero().total());
    }

    @Test
    void totalAddsEveryStatus() {
      assertEquals(36, counts(1, 2, 3, 4, 5, 6, 7, 8).total());
    }

    @Test
    void plusAddsFieldByField() {
      assertEquals(
          counts(11, 22, 33, 44, 55, 66, 77, 88),
          counts(1, 2, 3, 4, 5, 6, 7, 8).plus(counts(10, 20, 30, 40, 50, 60, 70, 80)));
    }

    @ParameterizedTest
    @EnumSource(ExecutionStatus.class)
    void ofCountsOneStatus(ExecutionStatus status) {
      JobCounts counts = JobCounts.of(status, 5);
      assertEquals(5, counts.count(status));
      assertEquals(5, counts.total());
    }

    @Test
    void rowsOfAGroupByAddUp() {
      JobCounts counts =
          JobCounts.zero()
              .plus(JobCounts.of(ExecutionStatus.SUCCEEDED, 3))
              .plus(JobCounts.of(ExecutionStatus.TIMED_OUT, 2));
      assertEquals(counts(0, 0, 3, 0, 2, 0, 0, 0), counts);
    }

    @Test
    void countsCannotBeNegative() {
      assertThrows(IllegalArgumentException.class, () -> counts(0, 0, 0, 0, 0, 0, 0, -1));
      assertThrows(IllegalArgumentException.class, () -> JobCounts.of(ExecutionStatus.QUEUED, -1));
    }

    @Test
    void overflowIsAnErrorNotAWrapAround() {
      assertThrows(
          ArithmeticException.class,
          () ->
              JobCounts.of(ExecutionStatus.FAILED, Long.MAX_VALUE)
                  .plus(JobCounts.of(ExecutionStatus.FAILED, 1)));
      assertThrows(
          ArithmeticException.class, () -> counts(Long.MAX_VALUE, 0, 0, 0, 0, 0, 0, 1).total());
    }
  }

  @Nested
  class Aggregate {

    @Test
    void aCanceledJobIsCanceledWhateverItsExecutions() {
      assertEquals(JobStatus.CANCELED, counts(0, 0, 5, 0, 0, 0, 0, 0).aggregate(true));
      assertEquals(JobStatus.CANCELED, JobCounts.zero().aggregate(true));
    }

    @Test
    void aJobWithoutExecutionsIsQueued() {
      assertEquals(JobStatus.QUEUED, JobCounts.zero().aggregate(false));
    }

    @Test
    void nothingStartedIsQueued() {
      assertEquals(JobStatus.QUEUED, counts(3, 0, 0, 0, 0, 0, 0, 0).aggregate(false));
    }

    @Test
    void removedExecutionsAreNotAStart() {
      assertEquals(JobStatus.QUEUED, counts(3, 0, 0, 0, 0, 0, 0, 2).aggregate(false));
    }

    @Test
    void anyStartIsInProgress() {
      List<JobCounts> started =
          List.of(
              counts(3, 1, 0, 0, 0, 0, 0, 0),
              counts(3, 0, 1, 0, 0, 0, 0, 0),
              counts(3, 0, 0, 1, 0, 0, 0, 0),
              counts(3, 0, 0, 0, 1, 0, 0, 0),
              counts(3, 0, 0, 0, 0, 1, 0, 0),
              counts(3, 0, 0, 0, 0, 0, 1, 0),
              counts(0, 1, 5, 0, 0, 0, 0, 0));
      for (JobCounts counts : started) {
        assertEquals(JobStatus.IN_PROGRESS, counts.aggregate(false), counts.toString());
      }
    }

    @Test
    void allSucceededIsSucceeded() {
      assertEquals(JobStatus.SUCCEEDED, counts(0, 0, 4, 0, 0, 0, 0, 0).aggregate(false));
    }

    @Test
    void removedExecutionsDoNotSpoilSuccess() {
      assertEquals(JobStatus.SUCCEEDED, counts(0, 0, 4, 0, 0, 0, 0, 2).aggregate(false));
    }

    @Test
    void anyOtherEndIsFailed() {
      List<JobCounts> failures =
          List.of(
              counts(0, 0, 4, 1, 0, 0, 0, 0),
              counts(0, 0, 4, 0, 1, 0, 0, 0),
              counts(0, 0, 4, 0, 0, 1, 0, 0),
              counts(0, 0, 4, 0, 0, 0, 1, 0),
              counts(0, 0, 0, 0, 0, 0, 3, 0));
      for (JobCounts counts : failures) {
        assertEquals(JobStatus.FAILED, counts.aggregate(false), counts.toString());
      }
    }

    @Test
    void onlyRemovedExecutionsIsFailed() {
      // Nothing succeeded: the rule asks for at least one success.
      assertEquals(JobStatus.FAILED, counts(0, 0, 0, 0, 0, 0, 0, 2).aggregate(false));
    }
  }

  @Test
  void snakeCaseMapHasEveryStatusInOrder() {
    Map<String, Long> map = counts(1, 2, 3, 4, 5, 6, 7, 8).asSnakeCaseMap();
    assertEquals(
        List.of(
            "queued",
            "in_progress",
            "succeeded",
            "failed",
            "timed_out",
            "rejected",
            "canceled",
            "removed"),
        List.copyOf(map.keySet()));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), List.copyOf(map.values()));
    assertThrows(UnsupportedOperationException.class, () -> map.put("queued", 0L));
  }
}
