package io.devicejobs.agent.engine;

import java.nio.file.Path;
import java.util.List;

/** Finds the executable script of a runHandler step. */
@FunctionalInterface
public interface HandlerResolver {

  /**
   * @param handlerName the step's {@code input.handler}
   * @param pathOverride the step's {@code input.path} (a directory), or null
   * @return the script to execute
   * @throws HandlerUnavailableException when there is no usable script; its message becomes the step's reason
   */
  Path resolve(String handlerName, String pathOverride) throws HandlerUnavailableException;

  /**
   * The command that runs the handler, before its args: by default the script itself, which then needs a
   * {@code #!} line. A resolver that knows the script's language may put an interpreter in front.
   */
  default List<String> command(String handlerName, String pathOverride)
      throws HandlerUnavailableException {
    return List.of(resolve(handlerName, pathOverride).toString());
  }
}
