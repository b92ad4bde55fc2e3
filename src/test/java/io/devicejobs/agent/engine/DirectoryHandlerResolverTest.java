package io.devicejobs.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryHandlerResolverTest {

  @TempDir Path directory;

  @Test
  void findsAnExecutableScriptInItsDirectory() throws Exception {
    Path script = script(directory.resolve("deploy.sh"), "rwx------");
    assertEquals(script, new DirectoryHandlerResolver(directory).resolve("deploy.sh", null));
  }

  @Test
  void aPathOverrideReplacesTheDirectory() throws Exception {
    Path other = Files.createDirectory(directory.resolve("other"));
    Path script = script(other.resolve("h"), "rwx------");
    DirectoryHandlerResolver resolver = new DirectoryHandlerResolver(directory.resolve("unused"));
    assertEquals(script, resolver.resolve("h", other.toString()));
  }

  @Test
  void explainsWhyAHandlerCannotBeUsed() throws Exception {
    DirectoryHandlerResolver resolver = new DirectoryHandlerResolver(directory);
    assertUnavailable(
        resolver,
        "missing",
        "handler \"missing\" not found: " + directory.resolve("missing") + " does not exist");
    script(directory.resolve("plain"), "rw-------");
    assertUnavailable(
        resolver,
        "plain",
        "handler \"plain\": " + directory.resolve("plain") + " is not executable");
    Files.createDirectory(directory.resolve("dir"));
    assertUnavailable(
        resolver, "dir", "handler \"dir\": " + directory.resolve("dir") + " is not a regular file");
    assertUnavailable(resolver, "../etc", "handler name \"../etc\" is not a plain file name");
    assertUnavailable(resolver, "..", "handler name \"..\" is not a plain file name");
  }

  private static void assertUnavailable(
      DirectoryHandlerResolver resolver, String name, String message) {
    HandlerUnavailableException e =
        assertThrows(HandlerUnavailableException.class, () -> resolver.resolve(name, null));
    assertEquals(message, e.getMessage());
  }

  private static Path script(Path path, String permissions) throws Exception {
    Files.writeString(path, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    return path;
  }
}
