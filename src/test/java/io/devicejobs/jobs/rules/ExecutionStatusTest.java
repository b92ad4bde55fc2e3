package io.devicejobs.jobs.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionStatusTest {

  @Test
  void onlyQueuedAndInProgressAreNotTerminal() {
    EnumSet<ExecutionStatus> terminal = EnumSet.noneOf(ExecutionStatus.class);
    for (ExecutionStatus status : ExecutionStatus.values()) {
      if (status.isTerminal()) {
        terminal.add(status);
      }
    }
    assertEquals(
        EnumSet.complementOf(EnumSet.of(ExecutionStatus.QUEUED, ExecutionStatus.IN_PROGRESS)),
        terminal);
  }

  @Test
  void hasTheStoredNamesInOrder() {
    assertEquals(
        "[QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, CANCELED, REMOVED]",
        Arrays.toString(ExecutionStatus.values()));
  }

  @ParameterizedTest
  @EnumSource(ExecutionStatus.class)
  void parsesItsOwnName(ExecutionStatus status) {
    assertEquals(Optional.of(status), ExecutionStatus.parse(status.name()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"queued", "In_Progress", " QUEUED", "QUEUED ", "", "DONE", "CANCELLED"})
  void parsesNothingElse(String text) {
    assertEquals(Optional.empty(), ExecutionStatus.parse(text));
  }

  @Test
  void parsesNullToNothing() {
    assertEquals(Optional.empty(), ExecutionStatus.parse(null));
  }

  @Test
  void terminalityOfTheEnds() {
    assertFalse(ExecutionStatus.QUEUED.isTerminal());
    assertTrue(ExecutionStatus.REMOVED.isTerminal());
  }
}
