package io.devicejobs.jobs.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads typed values out of a submitted document, recording a violation for every value of the wrong shape
 * instead of stopping at the first. One instance per validation.
 */
final class DocumentReader {

  static final int MAX_VIOLATIONS = 50;

  private final List<Violation> violations = new ArrayList<>();
  private final SortedSet<String> placeholders = new TreeSet<>();

  void report(String pointer, String message) {
    if (violations.size() < MAX_VIOLATIONS) {
      violations.add(new Violation(pointer, message));
    }
  }

  List<Violation> violations() {
    return violations;
  }

  /** The placeholders used by every string read so far. */
  SortedSet<String> placeholders() {
    return placeholders;
  }

  /**
   * Every string of the document is read through here, so every one is checked for NUL characters
   * (PostgreSQL cannot store them in jsonb) and for placeholders.
   *
   * @return the text, or null if the value is not a string
   */
  String string(JsonNode value, String pointer) {
    if (value == null || !value.isTextual()) {
      report(pointer, "must be a string");
      return null;
    }
    String text = value.textValue();
    if (text.indexOf('\0') >= 0) {
      report(pointer, "must not contain NUL characters");
    }
    for (String token : Placeholders.malformed(text)) {
      report(
          pointer,
          "malformed placeholder \""
              + token
              + "\": placeholders look like {{NAME}} with NAME matching [A-Z][A-Z0-9_]*");
    }
    placeholders.addAll(Placeholders.find(text));
    return text;
  }

  /** Like {@link #string} but reports a missing (null) value as "is required". */
  String requiredString(JsonNode value, String pointer) {
    if (value == null) {
      report(pointer, "is required");
      return null;
    }
    return string(value, pointer);
  }

  boolean isNotBlank(String text, String pointer) {
    if (text.isBlank()) {
      report(pointer, "must not be empty");
      return false;
    }
    return true;
  }

  /** Lengths count Unicode code points, which is what a person counts as characters. */
  boolean isWithinLength(String text, String pointer, int maxLength) {
    if (text.codePointCount(0, text.length()) > maxLength) {
      report(pointer, "must be at most " + maxLength + " characters");
      return false;
    }
    return true;
  }

  /** @return the object, or null if the value is not one */
  ObjectNode object(JsonNode value, String pointer) {
    if (value instanceof ObjectNode object) {
      return object;
    }
    report(pointer, "must be an object");
    return null;
  }

  /** @return the array, or null if the value is not one */
  ArrayNode array(JsonNode value, String pointer) {
    if (value instanceof ArrayNode array) {
      return array;
    }
    report(pointer, "must be an array");
    return null;
  }

  /** @return the boolean, or null if the value is not one */
  Boolean bool(JsonNode value, String pointer) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    report(pointer, "must be a boolean");
    return null;
  }

  void rejectUnknownKeys(ObjectNode object, String pointer, Set<String> knownKeys) {
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      if (!knownKeys.contains(property.getKey())) {
        reportUnknownKey(pointer, property.getKey());
      }
    }
  }

  void reportUnknownKey(String parentPointer, String key) {
    report(JsonPointers.child(parentPointer, key), "unknown property \"" + key + "\"");
  }
}
