package io.devicejobs.jobs.rules;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What values one placeholder of a template accepts: a regular expression the whole value must match, a list
 * of allowed values, or both. Made by {@link ParameterRules#parse}.
 *
 * <p>A rule with neither applies the default value rule {@value #DEFAULT_VALUE_RULE}: values go into commands
 * run as root, so unless the template author says otherwise a value is one plain word without whitespace,
 * quotes or shell metacharacters. Whatever the rule, values are refused that are too long,
 * hold control characters or line breaks, or contain <code>{{</code> or <code>}}</code>.
 */
public final class ParameterRule {

  /** The rule for values of a placeholder without a declared rule ("default" as in "by default"). */
  public static final String DEFAULT_VALUE_RULE = "^[A-Za-z0-9._/:@=+-]{0,256}$";

  /** The rule of a placeholder that has none declared: only the default value rule applies. */
  public static final ParameterRule UNDECLARED = new ParameterRule(null, List.of(), null, null);

  private static final Pattern DEFAULT_VALUES = Pattern.compile(DEFAULT_VALUE_RULE);
  private static final String DEFAULT_VALUE_RULE_IN_WORDS =
      "must be at most 256 characters, each an ASCII letter or"
          + " digit or one of . _ / : @ = + - (no spaces, quotes or shell metacharacters)";

  /** Enough allowed values to show what is meant without flooding an error message. */
  private static final int ENUM_VALUES_SHOWN = 10;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Pattern pattern;
  private final List<String> enumValues;
  private final String description;
  private final String defaultValue;

  ParameterRule(Pattern pattern, List<String> enumValues, String description, String defaultValue) {
    this.pattern = pattern;
    this.enumValues = List.copyOf(enumValues);
    this.description = description;
    this.defaultValue = defaultValue;
  }

  /** The regular expression the whole value must match, as the template author wrote it. */
  public Optional<String> pattern() {
    return Optional.ofNullable(pattern).map(Pattern::pattern);
  }

  /** The allowed values, in the template author's order; empty when any value the pattern allows goes. */
  public List<String> enumValues() {
    return enumValues;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The value used when a job gives none. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * @return empty if the rule allows {@code value}; otherwise what the rule allows, phrased to follow the
   *     pointer of the value (e.g. "must be one of: nginx, ssh"). The value itself is never quoted.
   */
  public Optional<String> check(String value) {
    Objects.requireNonNull(value, "value");
    return ValueSafety.problem(value).or(() -> ruleProblem(value));
  }

  private Optional<String> ruleProblem(String value) {
    if (pattern == null && enumValues.isEmpty()) {
      return DEFAULT_VALUES.matcher(value).matches()
          ? Optional.empty()
          : Optional.of(DEFAULT_VALUE_RULE_IN_WORDS);
    }
    // With both, the value must satisfy both.
    return patternProblem(value).or(() -> enumProblem(value));
  }

  private Optional<String> patternProblem(String value) {
    if (pattern == null) {
      return Optional.empty();
    }
    return switch (BudgetedMatch.fullMatch(pattern, value)) {
      case MATCHES -> Optional.empty();
      case DOES_NOT_MATCH ->
          Optional.of("must match the pattern " + pattern.pattern() + " (the whole value)");
      case TOO_COMPLEX ->
          Optional.of(
              "could not be checked against the pattern "
                  + pattern.pattern()
                  + ": matching needs too much work");
    };
  }

  private Optional<String> enumProblem(String value) {
    if (enumValues.isEmpty() || enumValues.contains(value)) {
      return Optional.empty();
    }
    return Optional.of("must be one of: " + shownEnumValues());
  }

  private String shownEnumValues() {
    String shown = enumValues.stream().limit(ENUM_VALUES_SHOWN).collect(Collectors.joining(", "));
    int more = enumValues.size() - ENUM_VALUES_SHOWN;
    return more > 0 ? shown + " (and " + more + " more)" : shown;
  }

  ParameterRule withDefaultValue(String value) {
    return new ParameterRule(pattern, enumValues, description, value);
  }

  /** The rule as template JSON, keys sorted. */
  public ObjectNode toJson() {
    ObjectNode json = NODES.objectNode();
    defaultValue().ifPresent(value -> json.put(RulesParser.DEFAULT, value));
    description().ifPresent(text -> json.put(RulesParser.DESCRIPTION, text));
    if (!enumValues.isEmpty()) {
      ArrayNode values = json.putArray(RulesParser.ENUM);
      enumValues.forEach(values::add);
    }
    pattern().ifPresent(regex -> json.put(RulesParser.PATTERN, regex));
    return json;
  }

  @Override
  public boolean equals(Object other) {
    // Pattern has no equals of its own; the source text is what the author wrote.
    return other instanceof ParameterRule that
        && Objects.equals(pattern(), that.pattern())
        && enumValues.equals(that.enumValues)
        && Objects.equals(description, that.description)
        && Objects.equals(defaultValue, that.defaultValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pattern(), enumValues, description, defaultValue);
  }

  @Override
  public String toString() {
    return "ParameterRule" + toJson();
  }
}
