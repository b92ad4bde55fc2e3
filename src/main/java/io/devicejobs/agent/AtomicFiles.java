package io.devicejobs.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that survive a crash or power cut whole or not at all: the content goes to a temporary file, is
 * flushed to the disk, and replaces the target in one rename, which is then made durable too.
 */
final class AtomicFiles {

  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  static void write(Path target, byte[] content) throws IOException {
    write(target, content, PosixFilePermissions.fromString("rw-------"));
  }

  /** @param permissions the file's mode, set before it takes the target's name */
  static void write(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(permissions))) {
      // A leftover temporary file keeps its old mode: set it explicitly.
      Files.setPosixFilePermissions(temporary, permissions);
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(target.getParent());
  }

  static void delete(Path target) throws IOException {
    if (Files.deleteIfExists(target)) {
      syncDirectory(target.getParent());
    }
  }

  /** Creates the directory (and its parents) if needed and makes it accessible to its owner only. */
  static Path privateDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, PRIVATE_DIRECTORY);
    return directory;
  }

  /** A rename or delete is durable only once the directory holding it is. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
