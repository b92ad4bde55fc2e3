package io.devicejobs.jobs.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates the {@code input} object of a step and copies it into the normalised document. */
final class InputNormaliser {

  static final int MAX_COMMAND_LENGTH = 4096;
  static final int MAX_ARGS = 64;
  static final int MAX_ARG_LENGTH = 4096;
  static final int MAX_PATH_LENGTH = 1024;

  private static final String COMMAND = "command";
  private static final String HANDLER = "handler";
  private static final String ARGS = "args";
  private static final String PATH = "path";
  private static final Pattern HANDLER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final DocumentReader reader;
  private final Map<String, String> handlerReferences = new LinkedHashMap<>();

  InputNormaliser(DocumentReader reader) {
    this.reader = reader;
  }

  /** Pointer of each literal handler name, as submitted, to that name; in document order. */
  Map<String, String> handlerReferences() {
    return handlerReferences;
  }

  ObjectNode runCommand(ObjectNode input, String pointer) {
    reader.rejectUnknownKeys(input, pointer, Set.of(COMMAND));
    ObjectNode normalised = NODES.objectNode();
    String at = JsonPointers.child(pointer, COMMAND);
    String command = reader.requiredString(input.get(COMMAND), at);
    if (command != null
        && reader.isNotBlank(command, at)
        && reader.isWithinLength(command, at, MAX_COMMAND_LENGTH)) {
      CommandLine commandLine = CommandLine.parse(command);
      if (commandLine.isArgumentList() && commandLine.arguments().get(0).isBlank()) {
        reader.report(
            at, "the program (the first argument, before the first comma) must not be empty");
      }
    }
    normalised.put(COMMAND, command);
    return normalised;
  }

  ObjectNode runHandler(ObjectNode input, String pointer) {
    reader.rejectUnknownKeys(input, pointer, Set.of(HANDLER, ARGS, PATH));
    ObjectNode normalised = NODES.objectNode();
    normalised.put(HANDLER, handler(input.get(HANDLER), JsonPointers.child(pointer, HANDLER)));
    if (input.has(ARGS)) {
      normalised.set(ARGS, args(input.get(ARGS), JsonPointers.child(pointer, ARGS)));
    }
    if (input.has(PATH)) {
      normalised.put(PATH, path(input.get(PATH), JsonPointers.child(pointer, PATH)));
    }
    return normalised;
  }

  private String handler(JsonNode value, String pointer) {
    String handler = reader.requiredString(value, pointer);
    if (handler == null) {
      return null;
    }
    if (HANDLER_NAME.matcher(handler).matches()) {
      handlerReferences.put(pointer, handler);
    } else if (!Placeholders.isSinglePlaceholder(handler)) {
      // A placeholder handler is only known once the job is created, so it is checked then.
      reader.report(
          pointer,
          "must match ^"
              + HANDLER_NAME.pattern()
              + "$ or be a single placeholder like {{HANDLER}}");
    }
    return handler;
  }

  private ArrayNode args(JsonNode value, String pointer) {
    ArrayNode args = reader.array(value, pointer);
    if (args == null) {
      return null;
    }
    if (args.size() > MAX_ARGS) {
      reader.report(pointer, "must have at most " + MAX_ARGS + " items");
    }
    ArrayNode normalised = NODES.arrayNode();
    for (int i = 0; i < args.size(); i++) {
      String at = JsonPointers.child(pointer, i);
      String arg = reader.string(args.get(i), at);
      if (arg != null) {
        reader.isWithinLength(arg, at, MAX_ARG_LENGTH);
      }
      normalised.add(arg);
    }
    return normalised;
  }

  private String path(JsonNode value, String pointer) {
    String path = reader.string(value, pointer);
    if (path != null && reader.isNotBlank(path, pointer)) {
      reader.isWithinLength(path, pointer, MAX_PATH_LENGTH);
    }
    return path;
  }
}
