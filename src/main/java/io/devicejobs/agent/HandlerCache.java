package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Handler scripts as downloaded and verified, in a directory only the agent's user may enter (mode 700):
 * the script as {@code <name>} (mode 700), and what was verified about it, its SHA-256 and script type, as
 * {@code .meta/<name>.json}. A script whose content no longer has the recorded hash was changed on the
 * device after it was verified.
 */
final class HandlerCache {

  /** A cached script and what was recorded when it was verified. */
  record Entry(Path script, String sha256, String scriptType) {}

  private final Path directory;
  private final Path metaDirectory;

  HandlerCache(Path directory) throws IOException {
    this.directory = AtomicFiles.privateDirectory(directory);
    this.metaDirectory = AtomicFiles.privateDirectory(directory.resolve(".meta"));
  }

  Path directory() {
    return directory;
  }

  Optional<Entry> recorded(String name) {
    Path script = directory.resolve(name);
    try {
      JsonNode meta = Json.MAPPER.readTree(Files.readAllBytes(metaFile(name)));
      if (!Files.isRegularFile(script)) {
        return Optional.empty();
      }
      return Optional.of(
          new Entry(
              script, meta.path("script_sha256").asText(), meta.path("script_type").asText()));
    } catch (IOException | RuntimeException e) {
      // Never downloaded, or a record that cannot vouch for
      // anything: either way there is no verified copy.
      return Optional.empty();
    }
  }

  /** Whether the script still has the content it was verified with. */
  boolean isIntact(Entry entry) {
    try {
      return Sha256.ofFile(entry.script()).equalsIgnoreCase(entry.sha256());
    } catch (IOException e) {
      return false;
    }
  }

  /** Stores a verified script: the script first, then the record that vouches for it. */
  Entry store(String name, byte[] script, String sha256, String scriptType) throws IOException {
    Path file = directory.resolve(name);
    AtomicFiles.write(file, script, PosixFilePermissions.fromString("rwx------"));
    ObjectNode meta = Json.object();
    meta.put("script_sha256", sha256);
    meta.put("script_type", scriptType);
    AtomicFiles.write(metaFile(name), meta.toString().getBytes(StandardCharsets.UTF_8));
    return new Entry(file, sha256, scriptType);
  }

  private Path metaFile(String name) {
    return metaDirectory.resolve(name + ".json");
  }
}
