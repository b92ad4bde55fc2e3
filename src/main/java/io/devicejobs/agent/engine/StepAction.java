package io.devicejobs.agent.engine;

import io.devicejobs.jobs.document.CommandLine;
import java.util.List;
import java.util.Objects;

/** What a step executes. */
sealed interface StepAction {

  /** A runCommand step: an argument list or a shell line, as {@link CommandLine} decided. */
  record RunCommand(CommandLine commandLine) implements StepAction {

    public RunCommand {
      Objects.requireNonNull(commandLine, "commandLine");
    }
  }

  /**
   * A runHandler step.
   *
   * @param path the directory to find the handler in instead of the default one, or null
   */
  record RunHandler(String handler, List<String> args, String path) implements StepAction {

    public RunHandler {
      Objects.requireNonNull(handler, "handler");
      args = List.copyOf(args);
    }
  }
}
