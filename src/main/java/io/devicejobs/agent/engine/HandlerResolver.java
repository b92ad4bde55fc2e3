package io.devicejobs.agent.engine;

import java.nio.file.Path;

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
}
