package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports on their way to the server, one file each, named by sequence number so they are sent in the order
 * they were made. A report is on the disk before its first attempt and leaves only once the server has it (or
 * has said it never will), so it survives an outage and a restart.
 */
final class Spool {

  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final String SUFFIX = ".json";

  private final Path directory;
  private long lastSequence;

  Spool(Path directory) throws IOException {
    this.directory = AtomicFiles.privateDirectory(directory);
    this.lastSequence = pending().stream().mapToLong(SpooledReport::sequence).max().orElse(0);
  }

  synchronized SpooledReport add(UUID jobId, ObjectNode report) throws IOException {
    long sequence = ++lastSequence;
    SpooledReport spooled =
        new SpooledReport(sequence, jobId, report, directory.resolve(fileName(sequence)));
    write(spooled);
    return spooled;
  }

  /** Replaces a report's stored body, e.g. after it was rebased on the execution's current version. */
  synchronized void update(SpooledReport report) throws IOException {
    write(report);
  }

  synchronized void remove(SpooledReport report) throws IOException {
    AtomicFiles.delete(report.file());
  }

  /** The waiting reports, oldest first. */
  synchronized List<SpooledReport> pending() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(f -> isReportFile(f.getFileName().toString())).sorted().toList();
    }
    List<SpooledReport> reports = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        JsonNode stored = Json.MAPPER.readTree(Files.readAllBytes(file));
        String name = file.getFileName().toString();
        long sequence = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        reports.add(
            new SpooledReport(
                sequence,
                UUID.fromString(stored.path("job_id").asText()),
                (ObjectNode) stored.get("report"),
                file));
      } catch (IOException | RuntimeException e) {
        // Writes are atomic, so this file was damaged outside
        // the agent: keep it for a person, never send it.
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
        LOG.warn("setting aside unreadable spooled report {}: {}", file, e.toString());
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return reports;
  }

  private void write(SpooledReport report) throws IOException {
    ObjectNode stored = Json.object();
    stored.put("job_id", report.jobId().toString());
    stored.set("report", report.report());
    AtomicFiles.write(report.file(), stored.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String fileName(long sequence) {
    // Zero-padded so that the names sort in sequence order.
    return String.format("%019d%s", sequence, SUFFIX);
  }

  private static boolean isReportFile(String name) {
    return name.endsWith(SUFFIX) && !name.startsWith(".");
  }
}
