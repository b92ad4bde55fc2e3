package io.devicejobs.agent.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds job documents in the normalised form the server hands to devices. */
final class TestDocuments {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private TestDocuments() {}

  static ObjectNode document(boolean includeStdOut, ObjectNode... steps) {
    ObjectNode document = NODES.objectNode();
    document.put("version", "1.0");
    document.put("includeStdOut", includeStdOut);
    ArrayNode array = document.putArray("steps");
    for (ObjectNode step : steps) {
      array.add(step);
    }
    return document;
  }

  static ObjectNode command(String name, String command) {
    ObjectNode step = step(name, "runCommand");
    step.putObject("input").put("command", command);
    return step;
  }

  static ObjectNode handler(String name, String handler, String... args) {
    ObjectNode step = step(name, "runHandler");
    ObjectNode input = step.putObject("input");
    input.put("handler", handler);
    ArrayNode array = input.putArray("args");
    for (String arg : args) {
      array.add(arg);
    }
    return step;
  }

  private static ObjectNode step(String name, String type) {
    ObjectNode step = NODES.objectNode();
    step.put("name", name);
    step.put("type", type);
    step.put("ignoreStepFailure", false);
    return step;
  }
}
