package io.devicejobs.jobs.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rules a template declares for its placeholders, as JSON:
 * {@code {"SERVICE_NAME": {"pattern": "^[a-z0-9@._-]{1,64}$", "enum": ["nginx", "ssh"], "description": "...",
 * "default": "nginx"}}}. Every key of a rule is optional. A placeholder without a rule gets
 * {@link ParameterRule#UNDECLARED}.
 */
public final class ParameterRules {

  private static final ParameterRules NONE = new ParameterRules(new TreeMap<>());

  private final SortedMap<String, ParameterRule> rules;

  private ParameterRules(SortedMap<String, ParameterRule> rules) {
    this.rules = Collections.unmodifiableSortedMap(rules);
  }

  public static ParameterRules none() {
    return NONE;
  }

  /**
   * @param rules the rules JSON; null, JSON null or missing means no rules
   * @param placeholdersOfTheDocument the placeholders of the template's document: rules for others are refused
   * @throws io.devicejobs.jobs.document.InvalidJobDocumentException listing every problem, with pointers
   *     relative to the rules object (e.g. "/SERVICE_NAME/pattern")
   */
  public static ParameterRules parse(JsonNode rules, Set<String> placeholdersOfTheDocument) {
    Objects.requireNonNull(placeholdersOfTheDocument, "placeholdersOfTheDocument");
    SortedMap<String, ParameterRule> parsed =
        new RulesParser().parse(rules, placeholdersOfTheDocument);
    return parsed.isEmpty() ? NONE : new ParameterRules(parsed);
  }

  public Optional<ParameterRule> declared(String placeholder) {
    return Optional.ofNullable(rules.get(placeholder));
  }

  /** The declared rule, or {@link ParameterRule#UNDECLARED}. */
  public ParameterRule ruleFor(String placeholder) {
    return rules.getOrDefault(placeholder, ParameterRule.UNDECLARED);
  }

  /** Placeholder name to rule, sorted by name. */
  public SortedMap<String, ParameterRule> asMap() {
    return rules;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The normalised rules JSON, keys sorted; {@link #parse} reads it back to equal rules. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    rules.forEach((name, rule) -> json.set(name, rule.toJson()));
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterRules that && rules.equals(that.rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  @Override
  public String toString() {
    return "ParameterRules" + toJson();
  }
}
