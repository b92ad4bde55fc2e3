package io.devicejobs.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, across restarts, the job whose commands the agent has started. It is written before the first
 * command runs and cleared once the job's final report is safely in the spool, so after a crash it names
 * exactly the job that may have run partly: that job is reported as interrupted, never run again.
 */
final class Journal {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Path file;

  Journal(Path file) throws IOException {
    this.file = file;
    AtomicFiles.privateDirectory(file.getParent());
  }

  void record(JournalEntry entry) throws IOException {
    AtomicFiles.write(file, entry.toJson().toString().getBytes(StandardCharsets.UTF_8));
  }

  Optional<JournalEntry> read() {
    try {
      return Optional.of(JournalEntry.fromJson(Json.MAPPER.readTree(Files.readAllBytes(file))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // Writes are atomic, so this is a file someone edited: nothing in it can be trusted.
      LOG.warn("ignoring unreadable job journal {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  void clear() throws IOException {
    AtomicFiles.delete(file);
  }
}
