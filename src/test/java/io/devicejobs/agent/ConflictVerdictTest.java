package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConflictVerdictTest {

  @Test
  void theLastAcceptedReportBeingThisOneMeansItLanded() {
    assertEquals(ConflictVerdict.LANDED, ConflictVerdict.of("IN_PROGRESS", "r1", "r1"));
    assertEquals(ConflictVerdict.LANDED, ConflictVerdict.of("SUCCEEDED", "r1", "r1"));
  }

  @Test
  void aFinalStateSetByTheServerEndsTheJob() {
    for (String status :
        new String[] {"CANCELED", "TIMED_OUT", "REMOVED", "SUCCEEDED", "FAILED", "REJECTED"}) {
      assertEquals(ConflictVerdict.ENDED, ConflictVerdict.of(status, "other", "r1"), status);
    }
  }

  @Test
  void anOpenExecutionAtAnotherVersionIsStale() {
    assertEquals(ConflictVerdict.STALE, ConflictVerdict.of("IN_PROGRESS", "heartbeat", "r1"));
    assertEquals(ConflictVerdict.STALE, ConflictVerdict.of("IN_PROGRESS", null, "r1"));
    assertEquals(
        ConflictVerdict.STALE,
        ConflictVerdict.of("IN_PROGRESS", null, null),
        "a heartbeat never lands twice");
  }
}
