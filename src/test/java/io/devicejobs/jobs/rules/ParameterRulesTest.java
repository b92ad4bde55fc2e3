package io.devicejobs.jobs.rules;

import static io.devicejobs.jobs.rules.RulesTestSupport.json;
import static io.devicejobs.jobs.rules.RulesTestSupport.violation;
import static io.devicejobs.jobs.rules.RulesTestSupport.violationsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.jobs.document.Violation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterRulesTest {

  private static final Set<String> PLACEHOLDERS = Set.of("SERVICE_NAME", "CONFIG_PATH", "X");
  private static final String NOT_A_NAME =
      "is not a placeholder name: names match [A-Z][A-Z0-9_]{0,63}";

  private static ParameterRules parse(String rules) {
    return ParameterRules.parse(json(rules), PLACEHOLDERS);
  }

  private static List<Violation> problemsOf(String rules) {
    return violationsOf(() -> parse(rules));
  }

  /** The problems of the rules {'X': ruleJson}. */
  private static List<Violation> problemsOfRule(String ruleJson) {
    return problemsOf("{'X':" + ruleJson + "}");
  }

  /** A JSON string literal of {@code count} copies of {@code text}, for length limits. */
  private static String repeated(String text, int count) {
    return "'" + text.repeat(count) + "'";
  }

  @Nested
  class NoRules {

    @Test
    void nullMissingOrJsonNullMeanNoRules() {
      for (JsonNode none :
          new JsonNode[] {null, NullNode.getInstance(), MissingNode.getInstance()}) {
        ParameterRules rules = ParameterRules.parse(none, PLACEHOLDERS);
        assertTrue(rules.isEmpty());
        assertSame(ParameterRules.none(), rules);
      }
    }

    @Test
    void anEmptyObjectIsNoRules() {
      assertTrue(parse("{}").isEmpty());
    }

    @Test
    void everyPlaceholderThenGetsTheUndeclaredRule() {
      assertSame(ParameterRule.UNDECLARED, ParameterRules.none().ruleFor("X"));
      assertEquals(Optional.empty(), ParameterRules.none().declared("X"));
    }
  }

  @Nested
  class ValidRules {

    private final ParameterRules rules =
        parse(
            "{'SERVICE_NAME':{'pattern':'^[a-z0-9@._-]{1,64}$',"
                + "'enum':['nginx','ssh'],'description':'The systemd service','default':'nginx'},'CONFIG_PATH':{}}");

    @Test
    void giveEachPlaceholderItsRule() {
      ParameterRule service = rules.ruleFor("SERVICE_NAME");
      assertEquals(Optional.of("^[a-z0-9@._-]{1,64}$"), service.pattern());
      assertEquals(List.of("nginx", "ssh"), service.enumValues());
      assertEquals(Optional.of("The systemd service"), service.description());
      assertEquals(Optional.of("nginx"), service.defaultValue());
      assertEquals(Optional.of(service), rules.declared("SERVICE_NAME"));
      assertEquals(Set.of("CONFIG_PATH", "SERVICE_NAME"), rules.asMap().keySet());
    }

    @Test
    void anEmptyRuleIsDeclaredButAppliesTheDefaultValueRule() {
      assertTrue(rules.declared("CONFIG_PATH").isPresent());
      assertTrue(rules.ruleFor("CONFIG_PATH").check("a b").isPresent());
    }

    @Test
    void placeholdersWithoutARuleGetTheUndeclaredRule() {
      assertSame(ParameterRule.UNDECLARED, rules.ruleFor("X"));
      assertEquals(Optional.empty(), rules.declared("X"));
    }

    @Test
    void toJsonSortsTheKeys() {
      assertEquals(
          "{\"CONFIG_PATH\":{},\"SERVICE_NAME\":{\"default\":\"nginx\","
              + "\"description\":\"The systemd service\",\"enum\":[\"nginx\",\"ssh\"],"
              + "\"pattern\":\"^[a-z0-9@._-]{1,64}$\"}}",
          rules.toJson().toString());
    }

    @Test
    void toJsonParsesBackToEqualRules() {
      ParameterRules again = ParameterRules.parse(rules.toJson(), PLACEHOLDERS);
      assertEquals(rules, again);
      assertEquals(rules.hashCode(), again.hashCode());
    }

    @Test
    void duplicateEnumValuesAreDropped() {
      assertEquals(
          List.of("b", "a"), parse("{'X':{'enum':['b','a','b']}}").ruleFor("X").enumValues());
    }

    @Test
    void theMapCannotBeChanged() {
      assertThrows(UnsupportedOperationException.class, () -> rules.asMap().remove("CONFIG_PATH"));
    }

    @Test
    void toJsonIsAFreshNode() {
      ObjectNode json = rules.toJson();
      json.removeAll();
      assertEquals(2, rules.toJson().size());
    }
  }

  @Nested
  class TheRulesObject {

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'SERVICE_NAME'", "1", "true"})
    void mustBeAnObject(String rules) {
      assertEquals(List.of(violation("", "must be an object")), problemsOf(rules));
    }

    @ParameterizedTest
    @ValueSource(strings = {"service_name", "1X", "_X", "X-Y", "", "X Y"})
    void keysMustBePlaceholderNames(String key) {
      assertEquals(List.of(violation("/" + key, NOT_A_NAME)), problemsOf("{'" + key + "':{}}"));
    }

    @Test
    void keysAreEscapedInPointers() {
      assertEquals(List.of(violation("/A~1B~0C", NOT_A_NAME)), problemsOf("{'A/B~C':{}}"));
    }

    @Test
    void keysMustBePlaceholdersOfTheDocument() {
      assertEquals(
          List.of(violation("/OTHER", "no placeholder {{OTHER}} in the document")),
          problemsOf("{'OTHER':{}}"));
    }

    @Test
    void theDocumentsPlaceholdersAreRequired() {
      assertThrows(NullPointerException.class, () -> ParameterRules.parse(json("{}"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'^[a-z]+$'", "[]", "null", "1"})
    void eachRuleMustBeAnObject(String rule) {
      assertEquals(List.of(violation("/X", "must be an object")), problemsOfRule(rule));
    }

    @Test
    void rulesHaveNoOtherKeys() {
      assertEquals(
          List.of(
              violation("/X/regex", "unknown property \"regex\""),
              violation("/X/Default", "unknown property \"Default\"")),
          problemsOfRule("{'regex':'.*','Default':'a'}"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
      assertEquals(
          List.of(
              violation("/X/pattern", "must be a string"),
              violation("/X/enum", "must be a non-empty array of strings"),
              violation("/OTHER", "no placeholder {{OTHER}} in the document")),
          problemsOf("{'X':{'pattern':1,'enum':[]},'OTHER':{}}"));
    }

    @Test
    void atMost50ProblemsAreListed() {
      String rules =
          IntStream.range(0, 60)
              .mapToObj(i -> "'K" + i + "':{}")
              .collect(Collectors.joining(",", "{", "}"));
      assertEquals(50, problemsOf(rules).size());
    }
  }

  @Nested
  class ThePattern {

    @Test
    void mustBeAString() {
      assertEquals(
          List.of(violation("/X/pattern", "must be a string")),
          problemsOfRule("{'pattern':['a']}"));
    }

    @Test
    void mustBeAValidJavaRegex() {
      List<Violation> problems = problemsOfRule("{'pattern':'[a-'}");
      assertEquals(1, problems.size());
      assertEquals("/X/pattern", problems.get(0).pointer());
      assertTrue(
          problems.get(0).message().startsWith("is not a valid Java regular expression: "),
          problems.get(0).message());
    }

    @Test
    void mayBe512CharactersLong() {
      assertEquals(
          Optional.of("a".repeat(512)),
          parse("{'X':{'pattern':" + repeated("a", 512) + "}}").ruleFor("X").pattern());
    }

    @Test
    void mustNotBeLongerThan512Characters() {
      assertEquals(
          List.of(violation("/X/pattern", "must be at most 512 characters")),
          problemsOfRule("{'pattern':" + repeated("a", 513) + "}"));
    }

    @Test
    void mustNotContainNul() {
      assertEquals(
          List.of(violation("/X/pattern", "must not contain NUL characters")),
          problemsOfRule("{'pattern':'a\\u0000'}"));
    }
  }

  @Nested
  class TheEnum {

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'nginx'", "{}", "null"})
    void mustBeANonEmptyArray(String enumJson) {
      assertEquals(
          List.of(violation("/X/enum", "must be a non-empty array of strings")),
          problemsOfRule("{'enum':" + enumJson + "}"));
    }

    @Test
    void itemsMustBeStrings() {
      assertEquals(
          List.of(
              violation("/X/enum/1", "must be a string"),
              violation("/X/enum/2", "must be a string")),
          problemsOfRule("{'enum':['a',1,null]}"));
    }

    @Test
    void mayHave256Items() {
      String items =
          IntStream.range(0, 256).mapToObj(i -> "'v" + i + "'").collect(Collectors.joining(","));
      assertEquals(256, parse("{'X':{'enum':[" + items + "]}}").ruleFor("X").enumValues().size());
    }

    @Test
    void mustNotHaveMoreThan256Items() {
      String items =
          IntStream.range(0, 257).mapToObj(i -> "'v" + i + "'").collect(Collectors.joining(","));
      assertEquals(
          List.of(violation("/X/enum", "must have at most 256 items")),
          problemsOfRule("{'enum':[" + items + "]}"));
    }

    @Test
    void itemsMayBe1024CharactersLong() {
      assertEquals(
          1,
          parse("{'X':{'enum':[" + repeated("a", 1024) + "]}}").ruleFor("X").enumValues().size());
    }

    @Test
    void itemsMustNotBeLongerThan1024Characters() {
      assertEquals(
          List.of(violation("/X/enum/0", "must be at most 1024 characters")),
          problemsOfRule("{'enum':[" + repeated("a", 1025) + "]}"));
    }

    @Test
    void itemsMustBeValuesThatCouldEverBeUsed() {
      assertEquals(
          List.of(
              violation(
                  "/X/enum/1",
                  "must not contain control characters or line breaks (such as NUL, TAB, CR or LF)"),
              violation(
                  "/X/enum/2",
                  "must not contain \"{{\" or \"}}\": a value cannot introduce placeholders")),
          problemsOfRule("{'enum':['ok','a\\nb','{{Y}}']}"));
    }
  }

  @Nested
  class TheDescription {

    @Test
    void mustBeAString() {
      assertEquals(
          List.of(violation("/X/description", "must be a string")),
          problemsOfRule("{'description':1}"));
    }

    @Test
    void mayBe1000CharactersLongAndSpanLines() {
      String description = "a\n".repeat(500);
      ObjectNode rules = JsonNodeFactory.instance.objectNode();
      rules.putObject("X").put("description", description);
      assertEquals(
          Optional.of(description),
          ParameterRules.parse(rules, PLACEHOLDERS).ruleFor("X").description());
    }

    @Test
    void mustNotBeLongerThan1000Characters() {
      assertEquals(
          List.of(violation("/X/description", "must be at most 1000 characters")),
          problemsOfRule("{'description':" + repeated("a", 1001) + "}"));
    }

    @Test
    void mustNotContainNul() {
      assertEquals(
          List.of(violation("/X/description", "must not contain NUL characters")),
          problemsOfRule("{'description':'a\\u0000'}"));
    }
  }

  @Nested
  class TheDefault {

    @Test
    void mustBeAString() {
      assertEquals(
          List.of(violation("/X/default", "must be a string")), problemsOfRule("{'default':1}"));
    }

    @Test
    void mustMatchThePattern() {
      assertEquals(
          List.of(violation("/X/default", "must match the pattern [a-z]+ (the whole value)")),
          problemsOfRule("{'pattern':'[a-z]+','default':'Nginx'}"));
    }

    @Test
    void mustBeInTheEnum() {
      assertEquals(
          List.of(violation("/X/default", "must be one of: nginx, ssh")),
          problemsOfRule("{'enum':['nginx','ssh'],'default':'apache'}"));
    }

    @Test
    void mustFollowTheDefaultValueRuleWithoutPatternOrEnum() {
      List<Violation> problems = problemsOfRule("{'description':'d','default':'a; reboot'}");
      assertEquals("/X/default", problems.get(0).pointer());
      assertTrue(
          problems
              .get(0)
              .message()
              .startsWith("must be at most 256 characters, each an ASCII letter"));
    }

    @Test
    void mustNeverBeUnsafe() {
      assertEquals(
          List.of(
              violation(
                  "/X/default",
                  "must not contain control characters or line breaks"
                      + " (such as NUL, TAB, CR or LF)")),
          problemsOfRule("{'pattern':'(?s).*','default':'a\\nb'}"));
    }

    @Test
    void isNotJudgedByABrokenRule() {
      assertEquals(
          List.of(violation("/X/pattern", "must be at most 512 characters")),
          problemsOfRule("{'pattern':" + repeated("a", 513) + ",'default':'b'}"));
    }

    @Test
    void mayBeEmptyWhenTheRuleAllowsIt() {
      assertEquals(Optional.of(""), parse("{'X':{'default':''}}").ruleFor("X").defaultValue());
    }
  }
}
