package io.devicejobs.jobs.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the rules JSON of a template, reporting every problem with a pointer relative to the rules object.
 * One instance per parse.
 */
final class RulesParser {

  static final String PATTERN = "pattern";
  static final String ENUM = "enum";
  static final String DESCRIPTION = "description";
  static final String DEFAULT = "default";

  static final int MAX_PATTERN_LENGTH = 512;
  static final int MAX_ENUM_VALUES = 256;
  static final int MAX_DESCRIPTION_LENGTH = 1000;

  private static final Set<String> RULE_KEYS = Set.of(PATTERN, ENUM, DESCRIPTION, DEFAULT);
  private static final String ROOT = "";

  private final Problems problems = new Problems();

  /** @throws io.devicejobs.jobs.document.InvalidJobDocumentException listing every problem */
  SortedMap<String, ParameterRule> parse(JsonNode rules, Set<String> placeholdersOfTheDocument) {
    SortedMap<String, ParameterRule> parsed = new TreeMap<>();
    if (rules == null || rules.isNull() || rules.isMissingNode()) {
      return parsed;
    }
    if (!(rules instanceof ObjectNode object)) {
      problems.add(ROOT, "must be an object");
      problems.throwIfAny();
      return parsed;
    }
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String name = property.getKey();
      String at = Problems.child(ROOT, name);
      if (!PlaceholderNames.isValid(name)) {
        problems.add(at, PlaceholderNames.NOT_A_NAME);
      } else if (!placeholdersOfTheDocument.contains(name)) {
        problems.add(at, PlaceholderNames.notInDocument(name));
      } else {
        ParameterRule rule = rule(property.getValue(), at);
        if (rule != null) {
          parsed.put(name, rule);
        }
      }
    }
    problems.throwIfAny();
    return parsed;
  }

  /** @return the rule, or null if it has problems */
  private ParameterRule rule(JsonNode value, String at) {
    if (!(value instanceof ObjectNode object)) {
      problems.add(at, "must be an object");
      return null;
    }
    int problemsBefore = problems.reported();
    object
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!RULE_KEYS.contains(key)) {
                problems.add(Problems.child(at, key), "unknown property \"" + key + "\"");
              }
            });
    Pattern pattern =
        object.has(PATTERN) ? pattern(object.get(PATTERN), Problems.child(at, PATTERN)) : null;
    List<String> enumValues =
        object.has(ENUM) ? enumValues(object.get(ENUM), Problems.child(at, ENUM)) : List.of();
    String description =
        object.has(DESCRIPTION)
            ? description(object.get(DESCRIPTION), Problems.child(at, DESCRIPTION))
            : null;
    String defaultValue =
        object.has(DEFAULT) ? string(object.get(DEFAULT), Problems.child(at, DEFAULT)) : null;
    if (problems.reported() > problemsBefore) {
      // A broken rule cannot judge its default.
      return null;
    }
    ParameterRule rule = new ParameterRule(pattern, enumValues, description, null);
    if (defaultValue == null) {
      return rule;
    }
    String defaultAt = Problems.child(at, DEFAULT);
    rule.check(defaultValue).ifPresent(problem -> problems.add(defaultAt, problem));
    return rule.withDefaultValue(defaultValue);
  }

  private Pattern pattern(JsonNode value, String at) {
    String regex = string(value, at);
    if (regex == null || !isWithinLength(regex, at, MAX_PATTERN_LENGTH)) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(
          at,
          "is not a valid Java regular expression: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
      return null;
    }
  }

  private List<String> enumValues(JsonNode value, String at) {
    if (!value.isArray() || value.isEmpty()) {
      problems.add(at, "must be a non-empty array of strings");
      return List.of();
    }
    if (value.size() > MAX_ENUM_VALUES) {
      problems.add(at, "must have at most " + MAX_ENUM_VALUES + " items");
      return List.of();
    }
    // Duplicates add nothing; the author's order is kept for error messages and the JSON.
    Set<String> values = new LinkedHashSet<>();
    for (int i = 0; i < value.size(); i++) {
      String itemAt = Problems.child(at, Integer.toString(i));
      String item = string(value.get(i), itemAt);
      if (item != null) {
        // An allowed value that every check refuses could never be used.
        ValueSafety.problem(item).ifPresent(problem -> problems.add(itemAt, problem));
        values.add(item);
      }
    }
    return new ArrayList<>(values);
  }

  private String description(JsonNode value, String at) {
    String description = string(value, at);
    return description != null && isWithinLength(description, at, MAX_DESCRIPTION_LENGTH)
        ? description
        : null;
  }

  /** @return the text, or null if the value is not a string */
  private String string(JsonNode value, String at) {
    if (!value.isTextual()) {
      problems.add(at, "must be a string");
      return null;
    }
    String text = value.textValue();
    if (text.indexOf('\0') >= 0) {
      // PostgreSQL cannot store NUL in jsonb, where the rules are kept.
      problems.add(at, "must not contain NUL characters");
      return null;
    }
    return text;
  }

  /** Lengths count Unicode code points, like the job document validator. */
  private boolean isWithinLength(String text, String at, int maxLength) {
    if (text.codePointCount(0, text.length()) > maxLength) {
      problems.add(at, "must be at most " + maxLength + " characters");
      return false;
    }
    return true;
  }
}
