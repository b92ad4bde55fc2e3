package io.devicejobs.jobs.rules;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.jobs.document.InvalidJobDocumentException;
import io.devicejobs.jobs.document.Violation;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** JSON and violation helpers shared by the tests of this package. */
final class RulesTestSupport {

  // Single quotes keep the JSON in the tests readable.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

  private RulesTestSupport() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  static ObjectNode object(String text) {
    return (ObjectNode) json(text);
  }

  /** A document whose only step runs {@code command}; built as a tree, so backslashes need no JSON escaping. */
  static ObjectNode commandDocument(String command) {
    ObjectNode document = JsonNodeFactory.instance.objectNode().put("version", "1.0");
    document
        .putArray("steps")
        .addObject()
        .put("name", "Run")
        .put("type", "runCommand")
        .putObject("input")
        .put("command", command);
    return document;
  }

  static List<Violation> violationsOf(Executable executable) {
    return assertThrows(InvalidJobDocumentException.class, executable).violations();
  }

  static Violation violation(String pointer, String message) {
    return new Violation(pointer, message);
  }
}
