package io.devicejobs.jobs.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates one step and returns it in the flat form.
 *
 * <p>Besides the flat form, the nested form of the original design is accepted, where the step's keys sit
 * inside an {@code action} object. The keys may be split between the step and its action, but each may
 * be given only once, and {@code type} and {@code input} must then be inside the action.
 */
final class StepNormaliser {

  static final String RUN_COMMAND = "runCommand";
  static final String RUN_HANDLER = "runHandler";
  static final int MAX_NAME_LENGTH = 128;

  private static final String ACTION = "action";
  private static final String NAME = "name";
  private static final String TYPE = "type";
  private static final String INPUT = "input";
  private static final String RUN_AS_USER = "runAsUser";
  private static final String IGNORE_STEP_FAILURE = "ignoreStepFailure";
  private static final String ALLOW_STD_ERR = "allowStdErr";

  private static final Set<String> STEP_KEYS =
      Set.of(NAME, TYPE, INPUT, RUN_AS_USER, IGNORE_STEP_FAILURE, ALLOW_STD_ERR);
  private static final Set<String> ACTION_ONLY_KEYS = Set.of(TYPE, INPUT);
  private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final DocumentReader reader;
  private final InputNormaliser inputs;

  StepNormaliser(DocumentReader reader, InputNormaliser inputs) {
    this.reader = reader;
    this.inputs = inputs;
  }

  /** A value of the submitted step and where it was found. */
  private record Field(JsonNode value, String pointer) {}

  /** @return the flat step, or null if the step is not even an object */
  ObjectNode normalise(JsonNode raw, String pointer, String defaultName) {
    ObjectNode step = reader.object(raw, pointer);
    if (step == null) {
      return null;
    }
    boolean nested = step.has(ACTION);
    Map<String, Field> fields = nested ? nestedFields(step, pointer) : flatFields(step, pointer);
    if (fields == null) {
      return null;
    }
    // Missing keys are reported where they belong: inside the action for the nested form.
    String home = nested ? JsonPointers.child(pointer, ACTION) : pointer;

    ObjectNode normalised = NODES.objectNode();
    normalised.put(NAME, name(fields.get(NAME), defaultName));
    String type = type(fields.get(TYPE), JsonPointers.child(home, TYPE));
    normalised.put(TYPE, type);
    normalised.set(INPUT, input(type, fields.get(INPUT), JsonPointers.child(home, INPUT)));
    if (fields.containsKey(RUN_AS_USER)) {
      normalised.put(RUN_AS_USER, runAsUser(fields.get(RUN_AS_USER)));
    }
    normalised.put(IGNORE_STEP_FAILURE, ignoreStepFailure(fields.get(IGNORE_STEP_FAILURE)));
    if (fields.containsKey(ALLOW_STD_ERR)) {
      normalised.put(ALLOW_STD_ERR, allowStdErr(fields.get(ALLOW_STD_ERR)));
    }
    return normalised;
  }

  private Map<String, Field> flatFields(ObjectNode step, String pointer) {
    Map<String, Field> fields = new HashMap<>();
    for (Map.Entry<String, JsonNode> property : step.properties()) {
      addField(fields, property, pointer);
    }
    return fields;
  }

  /** @return the fields of the step and its action together, or null if the action is not an object */
  private Map<String, Field> nestedFields(ObjectNode step, String pointer) {
    Map<String, Field> fields = new HashMap<>();
    for (Map.Entry<String, JsonNode> property : step.properties()) {
      String key = property.getKey();
      if (ACTION_ONLY_KEYS.contains(key)) {
        reader.report(
            JsonPointers.child(pointer, key),
            "not allowed beside \"" + ACTION + "\": move it into \"" + ACTION + "\"");
      } else if (!key.equals(ACTION)) {
        addField(fields, property, pointer);
      }
    }
    String actionPointer = JsonPointers.child(pointer, ACTION);
    ObjectNode action = reader.object(step.get(ACTION), actionPointer);
    if (action == null) {
      return null;
    }
    for (Map.Entry<String, JsonNode> property : action.properties()) {
      Field sameKeyOnStep = fields.get(property.getKey());
      if (sameKeyOnStep != null) {
        reader.report(
            JsonPointers.child(actionPointer, property.getKey()),
            "also given at " + sameKeyOnStep.pointer() + ": give it only once");
      } else {
        addField(fields, property, actionPointer);
      }
    }
    return fields;
  }

  private void addField(
      Map<String, Field> fields, Map.Entry<String, JsonNode> property, String parentPointer) {
    String key = property.getKey();
    if (STEP_KEYS.contains(key)) {
      fields.put(key, new Field(property.getValue(), JsonPointers.child(parentPointer, key)));
    } else {
      reader.reportUnknownKey(parentPointer, key);
    }
  }

  private String name(Field field, String defaultName) {
    if (field == null) {
      return defaultName;
    }
    String name = reader.string(field.value(), field.pointer());
    if (name == null) {
      return null;
    }
    String trimmed = name.strip();
    if (reader.isNotBlank(trimmed, field.pointer())) {
      reader.isWithinLength(trimmed, field.pointer(), MAX_NAME_LENGTH);
    }
    return trimmed;
  }

  /** @return the type, or null if it is missing or unknown */
  private String type(Field field, String missingPointer) {
    if (field == null) {
      reader.report(missingPointer, "is required");
      return null;
    }
    String type = reader.string(field.value(), field.pointer());
    if (type == null) {
      return null;
    }
    if (!type.equals(RUN_COMMAND) && !type.equals(RUN_HANDLER)) {
      reader.report(field.pointer(), "must be \"" + RUN_COMMAND + "\" or \"" + RUN_HANDLER + "\"");
      return null;
    }
    return type;
  }

  private ObjectNode input(String type, Field field, String missingPointer) {
    if (field == null) {
      reader.report(missingPointer, "is required");
      return null;
    }
    ObjectNode input = reader.object(field.value(), field.pointer());
    if (input == null || type == null) {
      // Without a known type there is no telling which keys the input may have.
      return null;
    }
    return type.equals(RUN_COMMAND)
        ? inputs.runCommand(input, field.pointer())
        : inputs.runHandler(input, field.pointer());
  }

  private String runAsUser(Field field) {
    String user = reader.string(field.value(), field.pointer());
    if (user != null
        && !USER_NAME.matcher(user).matches()
        && !Placeholders.isSinglePlaceholder(user)) {
      reader.report(
          field.pointer(),
          "must be a Unix user name matching ^"
              + USER_NAME.pattern()
              + "$ or a single placeholder like {{USER}}");
    }
    return user;
  }

  /** The original design spells booleans as the strings "true" and "false", so those are accepted too. */
  private boolean ignoreStepFailure(Field field) {
    if (field == null) {
      return false;
    }
    JsonNode value = field.value();
    if (value.isTextual()
        && (value.textValue().equals("true") || value.textValue().equals("false"))) {
      return Boolean.parseBoolean(value.textValue());
    }
    Boolean ignore = reader.bool(value, field.pointer());
    return ignore != null && ignore;
  }

  /** @return the number of stderr lines tolerated, or null if the value is not a non-negative int */
  private Integer allowStdErr(Field field) {
    JsonNode value = field.value();
    boolean integral =
        value.isIntegralNumber()
            || (value.isFloatingPointNumber() && value.canConvertToExactIntegral());
    if (!integral || value.asDouble() < 0) {
      reader.report(field.pointer(), "must be an integer >= 0");
      return null;
    }
    if (!value.canConvertToInt()) {
      reader.report(field.pointer(), "must be at most " + Integer.MAX_VALUE);
      return null;
    }
    return value.intValue();
  }
}
