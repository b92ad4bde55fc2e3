package io.devicejobs.jobs.rules;

import static io.devicejobs.jobs.rules.ExecutionStatus.CANCELED;
import static io.devicejobs.jobs.rules.ExecutionStatus.FAILED;
import static io.devicejobs.jobs.rules.ExecutionStatus.IN_PROGRESS;
import static io.devicejobs.jobs.rules.ExecutionStatus.QUEUED;
import static io.devicejobs.jobs.rules.ExecutionStatus.REJECTED;
import static io.devicejobs.jobs.rules.ExecutionStatus.REMOVED;
import static io.devicejobs.jobs.rules.ExecutionStatus.SUCCEEDED;
import static io.devicejobs.jobs.rules.ExecutionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransitionsTest {

  /** Every allowed move of {@code allowed}, as "FROM->TO", for comparing whole tables at once. */
  private static List<String> moves(BiPredicate<ExecutionStatus, ExecutionStatus> allowed) {
    List<String> moves = new ArrayList<>();
    for (ExecutionStatus from : ExecutionStatus.values()) {
      for (ExecutionStatus to : ExecutionStatus.values()) {
        if (allowed.test(from, to)) {
          moves.add(from + "->" + to);
        }
      }
    }
    return moves;
  }

  @Test
  void devicesRejectReportProgressAndFinish() {
    assertEquals(
        List.of(
            "QUEUED->REJECTED",
            "IN_PROGRESS->IN_PROGRESS",
            "IN_PROGRESS->SUCCEEDED",
            "IN_PROGRESS->FAILED",
            "IN_PROGRESS->REJECTED"),
        moves(Transitions::byDevice));
  }

  @Test
  void theServiceClaimsTimesOutCancelsAndRemoves() {
    assertEquals(
        List.of(
            "QUEUED->IN_PROGRESS",
            "QUEUED->CANCELED",
            "QUEUED->REMOVED",
            "IN_PROGRESS->TIMED_OUT",
            "IN_PROGRESS->CANCELED",
            "IN_PROGRESS->REMOVED"),
        moves(Transitions::byService));
  }

  @ParameterizedTest
  @EnumSource(
      value = ExecutionStatus.class,
      names = {"QUEUED", "IN_PROGRESS"},
      mode = EnumSource.Mode.EXCLUDE)
  void nothingLeavesATerminalStatus(ExecutionStatus terminal) {
    for (ExecutionStatus to : ExecutionStatus.values()) {
      assertFalse(Transitions.byDevice(terminal, to), terminal + "->" + to);
      assertFalse(Transitions.byService(terminal, to), terminal + "->" + to);
    }
  }

  @Test
  void devicesCannotClaimOrTimeOut() {
    assertFalse(Transitions.byDevice(QUEUED, IN_PROGRESS));
    assertFalse(Transitions.byDevice(QUEUED, SUCCEEDED));
    assertFalse(Transitions.byDevice(IN_PROGRESS, TIMED_OUT));
    assertFalse(Transitions.byDevice(IN_PROGRESS, CANCELED));
  }

  @Test
  void devicesReportFourStatuses() {
    assertEquals(Set.of(IN_PROGRESS, SUCCEEDED, FAILED, REJECTED), Transitions.deviceReportable());
  }

  @ParameterizedTest
  @EnumSource(ExecutionStatus.class)
  void allowedFromForDeviceAgreesWithByDevice(ExecutionStatus to) {
    Set<ExecutionStatus> from = Transitions.allowedFromForDevice(to);
    for (ExecutionStatus candidate : ExecutionStatus.values()) {
      assertEquals(
          Transitions.byDevice(candidate, to), from.contains(candidate), candidate + "->" + to);
    }
  }

  @Test
  void allowedFromForDeviceGuardsEachReport() {
    assertEquals(List.of(IN_PROGRESS), List.copyOf(Transitions.allowedFromForDevice(SUCCEEDED)));
    assertEquals(
        List.of(QUEUED, IN_PROGRESS), List.copyOf(Transitions.allowedFromForDevice(REJECTED)));
    assertEquals(Set.of(), Transitions.allowedFromForDevice(TIMED_OUT));
  }

  @Test
  void cancelingWorkInProgressNeedsForce() {
    assertEquals(Set.of(QUEUED), Transitions.cancelableFrom(false));
    assertEquals(Set.of(QUEUED, IN_PROGRESS), Transitions.cancelableFrom(true));
    for (ExecutionStatus from : Transitions.cancelableFrom(true)) {
      assertEquals(true, Transitions.byService(from, CANCELED));
    }
  }

  @Test
  void removingADeviceEndsItsOpenExecutions() {
    assertEquals(
        List.of("QUEUED->REMOVED", "IN_PROGRESS->REMOVED"),
        moves((from, to) -> to == REMOVED && Transitions.byService(from, to)));
  }

  @Test
  void theSetsCannotBeChanged() {
    assertThrows(
        UnsupportedOperationException.class, () -> Transitions.deviceReportable().add(QUEUED));
    assertThrows(
        UnsupportedOperationException.class,
        () -> Transitions.allowedFromForDevice(FAILED).clear());
    assertThrows(
        UnsupportedOperationException.class, () -> Transitions.cancelableFrom(true).clear());
  }
}
