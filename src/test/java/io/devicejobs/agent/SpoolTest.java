package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

  private static final UUID JOB = UUID.fromString("00000000-0000-4000-8000-0000000000aa");

  @TempDir Path state;

  @Test
  void reportsComeBackInTheOrderTheyWereMadeAcrossARestart() throws Exception {
    Path directory = state.resolve("spool");
    Spool spool = new Spool(directory);
    for (int version = 1; version <= 12; version++) {
      spool.add(JOB, ReportBodies.started(Json.object(), version));
    }

    Spool reopened = new Spool(directory);
    reopened.add(JOB, ReportBodies.rejected("last", 13));

    List<Integer> versions =
        reopened.pending().stream().map(SpooledReport::expectedVersion).toList();
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), versions);
    assertEquals(JOB, reopened.pending().get(0).jobId());
  }

  @Test
  void aRemovedReportIsGoneAndAnUpdatedOneKeepsItsPlaceAndId() throws Exception {
    Spool spool = new Spool(state.resolve("spool"));
    SpooledReport first = spool.add(JOB, ReportBodies.started(Json.object(), 2));
    SpooledReport second = spool.add(JOB, ReportBodies.rejected("no", 3));

    spool.update(second.withExpectedVersion(7));
    spool.remove(first);

    List<SpooledReport> pending = spool.pending();
    assertEquals(1, pending.size());
    assertEquals(7, pending.get(0).expectedVersion());
    assertEquals(second.reportId(), pending.get(0).reportId());
    assertEquals(second.sequence(), pending.get(0).sequence());
  }

  @Test
  void theSpoolIsPrivateToTheAgentsUser() throws Exception {
    Spool spool = new Spool(state.resolve("spool"));
    SpooledReport report = spool.add(JOB, ReportBodies.started(Json.object(), 2));

    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("spool"))));
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(report.file())));
  }

  @Test
  void anUnreadableFileIsSetAsideNotSent() throws Exception {
    Path directory = state.resolve("spool");
    Spool spool = new Spool(directory);
    SpooledReport good = spool.add(JOB, ReportBodies.started(Json.object(), 2));
    Files.writeString(directory.resolve("0000000000000000000.json"), "{ half a report");

    List<SpooledReport> pending = spool.pending();

    assertEquals(List.of(good.reportId()), pending.stream().map(SpooledReport::reportId).toList());
    assertTrue(Files.exists(directory.resolve("0000000000000000000.json.unreadable")));
  }

  @Test
  void everyResendableReportCarriesItsOwnId() {
    ObjectNode one = ReportBodies.started(Json.object(), 2);
    ObjectNode two = ReportBodies.started(Json.object(), 2);

    String first = one.path("status_details").path(ReportBodies.REPORT_ID).asText();
    assertEquals(36, first.length());
    assertNotEquals(first, two.path("status_details").path(ReportBodies.REPORT_ID).asText());
  }
}
