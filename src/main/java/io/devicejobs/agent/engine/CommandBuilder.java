package io.devicejobs.agent.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Turns a planned step into the argv the device executes; nothing here goes through a shell by accident. */
final class CommandBuilder {

  private final HandlerResolver handlers;
  private final String currentUser;

  CommandBuilder(HandlerResolver handlers, String currentUser) {
    this.handlers = Objects.requireNonNull(handlers, "handlers");
    this.currentUser = currentUser;
  }

  /** @throws HandlerUnavailableException when the step is a runHandler whose script cannot be used */
  List<String> argv(PlannedStep step) throws HandlerUnavailableException {
    return asUser(step.runAsUser(), program(step.action()));
  }

  private List<String> program(StepAction action) throws HandlerUnavailableException {
    if (action instanceof StepAction.RunCommand command) {
      // CommandLine already chose between a direct argument list and /bin/sh -c <line>.
      return command.commandLine().arguments();
    }
    StepAction.RunHandler handler = (StepAction.RunHandler) action;
    List<String> argv = new ArrayList<>(handlers.command(handler.handler(), handler.path()));
    argv.addAll(handler.args());
    return List.copyOf(argv);
  }

  private List<String> asUser(String user, List<String> program) {
    if (user == null || user.equals(currentUser)) {
      return program;
    }
    // -n: fail instead of waiting for a password nobody
    // will type; --: the program's options are not sudo's.
    List<String> argv = new ArrayList<>(List.of("sudo", "-n", "-u", user, "--"));
    argv.addAll(program);
    return List.copyOf(argv);
  }
}
