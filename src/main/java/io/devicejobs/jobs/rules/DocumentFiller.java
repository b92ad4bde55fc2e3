package io.devicejobs.jobs.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.devicejobs.jobs.document.CommandLine;
import io.devicejobs.jobs.document.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the placeholders of a validated job document with their values.
 *
 * <p>Substitution works on the JSON tree, string by string, never on the JSON text, so a value can never
 * change the document's structure. Each string is scanned once: a value is never scanned for placeholders.
 *
 * <p>In the {@code command} of a runCommand step, every comma of a value becomes {@code \,}. In an argument
 * list that keeps the value inside one argument ({@code echo,{{A}}} with {@code x,y} is {@code echo,x\,y}:
 * the arguments {@code echo} and {@code x,y}). In a shell line it stops the value from turning the line into
 * an argument list, and the shell reads an unquoted {@code \,} as a plain comma (inside quotes the backslash
 * stays; only values whose rule allows commas are affected). A template author whose pattern lets shell
 * metacharacters into a shell line takes responsibility for what the shell then does with them.
 */
final class DocumentFiller {

  /** Matches the same tokens as {@link Placeholders#find} in a valid document, where every token is valid. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{(" + Placeholders.NAME_PATTERN + ")}}");

  private static final String RUN_COMMAND = "runCommand";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Map<String, String> values;
  private final Problems problems;

  /** @param values a value for every placeholder of the documents to fill */
  DocumentFiller(Map<String, String> values, Problems problems) {
    this.values = values;
    this.problems = problems;
  }

  /** @return a new, filled document; {@code document} is left as it is */
  ObjectNode fill(ObjectNode document) {
    Set<String> commands = Set.copyOf(commandPointers(document));
    ObjectNode filled = (ObjectNode) fill(document, "", commands);
    for (String command : commands) {
      checkArgumentsUnchanged(
          document.at(command).textValue(), filled.at(command).textValue(), command);
    }
    return filled;
  }

  private JsonNode fill(JsonNode node, String pointer, Set<String> commands) {
    if (node.isTextual()) {
      return TextNode.valueOf(fill(node.textValue(), commands.contains(pointer)));
    }
    if (node.isArray()) {
      ArrayNode filled = NODES.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        filled.add(fill(node.get(i), Problems.child(pointer, Integer.toString(i)), commands));
      }
      return filled;
    }
    if (node.isObject()) {
      ObjectNode filled = NODES.objectNode();
      node.properties()
          .forEach(
              field ->
                  filled.set(
                      field.getKey(),
                      fill(field.getValue(), Problems.child(pointer, field.getKey()), commands)));
      return filled;
    }
    return node.deepCopy();
  }

  private String fill(String text, boolean inCommand) {
    Matcher placeholder = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    int copiedUpTo = 0;
    while (placeholder.find()) {
      String value = values.get(placeholder.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for placeholder " + placeholder.group());
      }
      filled.append(text, copiedUpTo, placeholder.start());
      filled.append(inCommand ? value.replace(",", "\\,") : value);
      copiedUpTo = placeholder.end();
    }
    return filled.append(text, copiedUpTo, text.length()).toString();
  }

  /**
   * Escaped commas keep each value in its argument, but there is no escape for a backslash: a backslash at
   * the end of a value, or a template backslash before an empty value, would escape the template's next comma
   * and join two arguments. So the command must still split exactly as the template's did.
   */
  private void checkArgumentsUnchanged(String template, String filled, String pointer) {
    if (shape(CommandLine.parse(template)) != shape(CommandLine.parse(filled))) {
      problems.add(
          ParameterValues.PARAMETERS,
          "the values of "
              + String.join(", ", Placeholders.find(template))
              + " would change how the command at "
              + pointer
              + " splits into arguments"
              + " (a backslash before a comma escapes the comma)");
    }
  }

  /** The number of arguments of an argument list, or -1 for a shell line. */
  private static int shape(CommandLine command) {
    return command.isArgumentList() ? command.arguments().size() : -1;
  }

  private static List<String> commandPointers(ObjectNode document) {
    List<String> pointers = new ArrayList<>();
    JsonNode steps = document.path("steps");
    for (int i = 0; i < steps.size(); i++) {
      addCommandPointer(steps.get(i), "/steps/" + i, pointers);
    }
    addCommandPointer(document.path("finalStep"), "/finalStep", pointers);
    return pointers;
  }

  private static void addCommandPointer(JsonNode step, String stepPointer, List<String> pointers) {
    if (RUN_COMMAND.equals(step.path("type").textValue())
        && step.path("input").path("command").isTextual()) {
      pointers.add(stepPointer + "/input/command");
    }
  }
}
