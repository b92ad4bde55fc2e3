package io.devicejobs.agent.engine;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Finds handler {@code <name>} as the file {@code <directory>/<name>}, where the directory is the step's
 * {@code input.path} when it has one. The file must already be there, regular and executable.
 */
public final class DirectoryHandlerResolver implements HandlerResolver {

  private final Path directory;

  public DirectoryHandlerResolver(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  @Override
  public Path resolve(String handlerName, String pathOverride) throws HandlerUnavailableException {
    if (!isPlainFileName(handlerName)) {
      // The name must not reach outside the directory, e.g. "../../bin/sh".
      throw new HandlerUnavailableException(
          "handler name \"" + handlerName + "\" is not a plain file name");
    }
    Path script = directory(pathOverride).resolve(handlerName).toAbsolutePath();
    if (!Files.exists(script)) {
      throw new HandlerUnavailableException(
          "handler \"" + handlerName + "\" not found: " + script + " does not exist");
    }
    if (!Files.isRegularFile(script)) {
      throw new HandlerUnavailableException(
          "handler \"" + handlerName + "\": " + script + " is not a regular file");
    }
    if (!Files.isExecutable(script)) {
      throw new HandlerUnavailableException(
          "handler \"" + handlerName + "\": " + script + " is not executable");
    }
    return script;
  }

  private Path directory(String pathOverride) throws HandlerUnavailableException {
    if (pathOverride == null) {
      return directory;
    }
    try {
      return Path.of(pathOverride);
    } catch (InvalidPathException e) {
      throw new HandlerUnavailableException(
          "handler path \"" + pathOverride + "\" is not a valid path", e);
    }
  }

  private static boolean isPlainFileName(String name) {
    return name != null
        && !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\0') < 0;
  }
}
