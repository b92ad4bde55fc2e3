package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  private static final UUID JOB = UUID.fromString("00000000-0000-4000-8000-0000000000aa");
  private static final Instant NOW = Instant.parse("2026-11-28T22:00:00Z");

  @TempDir Path state;

  @Test
  void theStartedJobIsRememberedAcrossARestartUntilCleared() throws Exception {
    Path file = state.resolve("journal.json");
    new Journal(file).record(JournalEntry.startingNow(job(1), NOW));

    Journal reopened = new Journal(file);
    JournalEntry entry = reopened.read().orElseThrow();

    assertEquals(new JournalEntry(JOB, 1, "backup", NOW), entry);
    assertTrue(entry.isSameExecution(job(1)));
    assertFalse(
        entry.isSameExecution(job(2)), "another execution of the job is not the one started");
    reopened.clear();
    assertEquals(Optional.empty(), new Journal(file).read());
    reopened.clear();
  }

  @Test
  void aDamagedJournalIsIgnored() throws Exception {
    Path file = state.resolve("journal.json");
    Files.writeString(file, "{\"job_id\": \"not a uuid\"}");

    assertEquals(Optional.empty(), new Journal(file).read());
  }

  private static PolledJob job(int executionNumber) {
    return new PolledJob(JOB, "backup", MissingNode.getInstance(), 60, executionNumber, 2, NOW, 60);
  }
}
