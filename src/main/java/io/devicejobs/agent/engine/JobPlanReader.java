package io.devicejobs.agent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.devicejobs.jobs.document.CommandLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a job document (as normalised by the server) into a {@link JobPlan}. The whole document is checked
 * before anything runs, so a job is either rejected up front or run; never rejected half-way.
 */
final class JobPlanReader {

  static final String SUPPORTED_VERSION = "1.0";
  static final String RUN_COMMAND = "runCommand";
  static final String RUN_HANDLER = "runHandler";

  private JobPlanReader() {}

  static JobPlan read(JsonNode document) throws RejectedDocumentException {
    if (document == null || !document.isObject()) {
      throw new RejectedDocumentException("the job document is not a JSON object");
    }
    JsonNode version = document.get("version");
    if (version == null || !version.isTextual() || !version.textValue().equals(SUPPORTED_VERSION)) {
      throw new RejectedDocumentException(
          "unsupported job document version "
              + describe(version)
              + " (supported: \""
              + SUPPORTED_VERSION
              + "\")");
    }
    JsonNode steps = document.get("steps");
    if (steps == null || !steps.isArray() || steps.isEmpty()) {
      throw new RejectedDocumentException("the job document has no steps");
    }
    List<PlannedStep> planned = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      planned.add(step(steps.get(i), "step-" + (i + 1)));
    }
    JsonNode finalStep = document.get("finalStep");
    PlannedStep last = isAbsent(finalStep) ? null : step(finalStep, "final-step");
    return new JobPlan(flag(document.get("includeStdOut"), "includeStdOut"), planned, last);
  }

  private static PlannedStep step(JsonNode step, String defaultName)
      throws RejectedDocumentException {
    if (!step.isObject()) {
      throw new RejectedDocumentException(defaultName + " is not a JSON object");
    }
    String named = text(step, "name", defaultName);
    String name = named == null ? defaultName : named;
    StepAction action = action(step, name);
    return new PlannedStep(
        name,
        action,
        text(step, "runAsUser", stepCalled(name)),
        flag(step.get("ignoreStepFailure"), stepCalled(name) + " ignoreStepFailure"),
        allowedStdErrLines(step.get("allowStdErr"), name));
  }

  private static StepAction action(JsonNode step, String name) throws RejectedDocumentException {
    String type = text(step, "type", stepCalled(name));
    if (type == null) {
      throw new RejectedDocumentException(stepCalled(name) + " has no type");
    }
    if (!type.equals(RUN_COMMAND) && !type.equals(RUN_HANDLER)) {
      throw new RejectedDocumentException(
          stepCalled(name)
              + " has unknown type "
              + describe(step.get("type"))
              + " (supported: \""
              + RUN_COMMAND
              + "\", \""
              + RUN_HANDLER
              + "\")");
    }
    JsonNode input = step.get("input");
    if (input == null || !input.isObject()) {
      throw new RejectedDocumentException(stepCalled(name) + " has no input object");
    }
    return type.equals(RUN_COMMAND) ? runCommand(input, name) : runHandler(input, name);
  }

  private static StepAction runCommand(JsonNode input, String name)
      throws RejectedDocumentException {
    String command = text(input, "command", stepCalled(name));
    if (command == null || command.isBlank()) {
      throw new RejectedDocumentException(stepCalled(name) + " has no command");
    }
    return new StepAction.RunCommand(CommandLine.parse(command));
  }

  private static StepAction runHandler(JsonNode input, String name)
      throws RejectedDocumentException {
    String handler = text(input, "handler", stepCalled(name));
    if (handler == null || handler.isBlank()) {
      throw new RejectedDocumentException(stepCalled(name) + " has no handler");
    }
    List<String> args = new ArrayList<>();
    JsonNode argsNode = input.get("args");
    if (!isAbsent(argsNode)) {
      if (!argsNode.isArray()) {
        throw new RejectedDocumentException(
            stepCalled(name) + ": args must be an array of strings");
      }
      for (JsonNode arg : argsNode) {
        if (!arg.isTextual()) {
          throw new RejectedDocumentException(
              stepCalled(name) + ": args must be an array of strings");
        }
        args.add(arg.textValue());
      }
    }
    return new StepAction.RunHandler(handler, args, text(input, "path", stepCalled(name)));
  }

  private static Integer allowedStdErrLines(JsonNode value, String name)
      throws RejectedDocumentException {
    if (isAbsent(value)) {
      return null;
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new RejectedDocumentException(
          stepCalled(name) + ": allowStdErr must be an integer >= 0");
    }
    return value.intValue();
  }

  /** The normalised document has booleans; the strings "true" and "false" of the original design are fine. */
  private static boolean flag(JsonNode value, String what) throws RejectedDocumentException {
    if (isAbsent(value)) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()
        && (value.textValue().equals("true") || value.textValue().equals("false"))) {
      return Boolean.parseBoolean(value.textValue());
    }
    throw new RejectedDocumentException(what + " must be a boolean");
  }

  /**
   * @param where names the step in the message when the value is not a string
   * @return the text, or null when the key is missing or null
   */
  private static String text(JsonNode object, String key, String where)
      throws RejectedDocumentException {
    JsonNode value = object.get(key);
    if (isAbsent(value)) {
      return null;
    }
    if (!value.isTextual()) {
      throw new RejectedDocumentException(where + ": " + key + " must be a string");
    }
    return value.textValue();
  }

  private static String stepCalled(String name) {
    return "step \"" + name + "\"";
  }

  private static boolean isAbsent(JsonNode value) {
    return value == null || value.isNull();
  }

  private static String describe(JsonNode value) {
    if (value == null) {
      return "(missing)";
    }
    return value.isTextual() ? TextNode.valueOf(value.textValue()).toString() : value.toString();
  }
}
