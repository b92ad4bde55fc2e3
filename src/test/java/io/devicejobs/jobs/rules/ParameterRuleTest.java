package io.devicejobs.jobs.rules;

import static io.devicejobs.jobs.rules.RulesTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterRuleTest {

  private static final String DEFAULT_RULE_IN_WORDS =
      "must be at most 256 characters, each an ASCII letter or digit"
          + " or one of . _ / : @ = + - (no spaces, quotes or shell metacharacters)";
  private static final String CONTROL_CHARACTERS =
      "must not contain control characters or line breaks (such as NUL, TAB, CR or LF)";
  private static final String BRACES =
      "must not contain \"{{\" or \"}}\": a value cannot introduce placeholders";

  /** The rule declared as {@code ruleJson} for a placeholder X. */
  private static ParameterRule rule(String ruleJson) {
    return ParameterRules.parse(json("{'X':" + ruleJson + "}"), Set.of("X")).ruleFor("X");
  }

  private static Optional<String> undeclared(String value) {
    return ParameterRule.UNDECLARED.check(value);
  }

  static Stream<String> hostileValues() {
    return Stream.of(
        "; rm -rf /",
        "$(reboot)",
        "`reboot`",
        "a|b",
        "a && b",
        "a&b",
        "'x'",
        "\"x\"",
        "a b",
        "a\tb",
        "a\nb",
        "a\rb",
        "a\0b",
        "{{OTHER}}",
        "}}",
        "{{",
        "a,b",
        "a;b",
        "a>b",
        "a<b",
        "$HOME",
        "~root",
        "*",
        "a?",
        "[a]",
        "a\\b",
        "!x",
        "#x",
        "(x)",
        "x%",
        "café",
        "日本",
        "\uD83D\uDE00",
        "a".repeat(257));
  }

  @Nested
  class DefaultValueRule {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "nginx",
          "/etc/app.conf",
          "https://cfg.example/app.conf",
          "user@host",
          "KEY=value",
          "v1.2.3+build-4",
          "a_b",
          "-",
          ""
        })
    void acceptsOnePlainWord(String value) {
      assertEquals(Optional.empty(), undeclared(value));
    }

    @Test
    void acceptsUpTo256Characters() {
      assertEquals(Optional.empty(), undeclared("a".repeat(256)));
    }

    @ParameterizedTest
    @MethodSource("io.devicejobs.jobs.rules.ParameterRuleTest#hostileValues")
    void refusesHostileValues(String value) {
      assertTrue(undeclared(value).isPresent(), "should refuse " + value);
    }

    @ParameterizedTest
    @MethodSource("io.devicejobs.jobs.rules.ParameterRuleTest#hostileValues")
    void neverQuotesTheRefusedValue(String value) {
      String message = undeclared(value).orElseThrow();
      assertFalse(message.contains(value) && value.length() > 2, message);
      assertFalse(message.chars().anyMatch(Character::isISOControl), message);
    }

    @Test
    void explainsItselfInWords() {
      assertEquals(Optional.of(DEFAULT_RULE_IN_WORDS), undeclared("; rm -rf /"));
      assertEquals(Optional.of(DEFAULT_RULE_IN_WORDS), undeclared("a".repeat(257)));
    }

    @Test
    void appliesToADeclaredRuleWithNeitherPatternNorEnum() {
      ParameterRule described = rule("{'description':'the service'}");
      assertEquals(Optional.of(DEFAULT_RULE_IN_WORDS), described.check("a b"));
      assertEquals(Optional.empty(), described.check("nginx"));
    }
  }

  @Nested
  class AlwaysRefused {

    /** Allows anything at all, so only the checks that apply whatever the rule can refuse. */
    private final ParameterRule anything = rule("{'pattern':'(?s).*'}");

    @ParameterizedTest
    @ValueSource(
        strings = {
          "a\0b",
          "a\nb",
          "a\rb",
          "a\tb",
          "\u001b[31m",
          "\u007f",
          "\u0085",
          "\u2028",
          "\u2029"
        })
    void controlCharactersAndLineBreaks(String value) {
      assertEquals(Optional.of(CONTROL_CHARACTERS), anything.check(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{OTHER}}", "}}", "{{", "a{{b", "x}}y"})
    void placeholderBraces(String value) {
      assertEquals(Optional.of(BRACES), anything.check(value));
    }

    @Test
    void singleBracesAreLeftToTheRule() {
      assertEquals(Optional.empty(), anything.check("{a}"));
    }

    @Test
    void valuesLongerThan1024Characters() {
      assertEquals(Optional.empty(), anything.check("a".repeat(1024)));
      assertEquals(
          Optional.of("must be at most 1024 characters"), anything.check("a".repeat(1025)));
    }

    @Test
    void countsCharactersAsCodePoints() {
      String emoji = "\uD83D\uDE00";
      assertEquals(Optional.empty(), anything.check(emoji.repeat(1024)));
      assertTrue(anything.check(emoji.repeat(1025)).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "a\uDC00", "\uDC00\uD800", "\uD83Dx"})
    void unpairedSurrogates(String value) {
      assertEquals(
          Optional.of("must be valid Unicode text (it contains an unpaired surrogate)"),
          anything.check(value));
    }

    @Test
    void nullIsAProgrammingError() {
      assertThrows(NullPointerException.class, () -> anything.check(null));
    }
  }

  @Nested
  class ThePattern {

    @Test
    void mustMatchTheWholeValue() {
      ParameterRule lowerCase = rule("{'pattern':'[a-z]+'}");
      assertEquals(Optional.empty(), lowerCase.check("nginx"));
      assertEquals(
          Optional.of("must match the pattern [a-z]+ (the whole value)"),
          lowerCase.check("nginx1"));
      assertTrue(lowerCase.check("1nginx").isPresent());
    }

    @Test
    void anchorsAreAllowed() {
      ParameterRule serviceName = rule("{'pattern':'^[a-z0-9@._-]{1,64}$'}");
      assertEquals(Optional.empty(), serviceName.check("getty@tty1.service"));
      assertTrue(serviceName.check("").isPresent());
    }

    @Test
    void alternativesMatchTheWholeValueToo() {
      assertEquals(Optional.empty(), rule("{'pattern':'a|ab'}").check("ab"));
    }

    @Test
    void replacesTheDefaultValueRule() {
      ParameterRule withSpaces = rule("{'pattern':'[a-z ]+'}");
      assertEquals(Optional.empty(), withSpaces.check("hello world"));
    }

    @Test
    void allowsUnicodeWhenTheAuthorDoes() {
      assertEquals(Optional.empty(), rule("{'pattern':'\\\\p{L}+'}").check("Grüße"));
    }

    /** Exponential even with the JDK's guard against some runaway loops; e.g. (a+)+b is only quadratic. */
    @ParameterizedTest
    @ValueSource(strings = {"((a+)+)+b", "(a+?)+?b", "(a+)+\\1b"})
    void catastrophicBacktrackingIsCutShort(String regex) {
      ParameterRule evil = new ParameterRule(Pattern.compile(regex), List.of(), null, null);
      Optional<String> problem =
          assertTimeoutPreemptively(Duration.ofSeconds(5), () -> evil.check("a".repeat(40)));
      assertEquals(
          Optional.of(
              "could not be checked against the pattern "
                  + regex
                  + ": matching needs too much work"),
          problem);
    }

    @Test
    void runningOutOfStackInsideTheMatchIsReportedNotThrown() {
      // (a|b)* recurses once per character; called deeper and deeper, the match runs out of stack
      // before the
      // shallow recursion of this test does.
      ParameterRule alternatives = rule("{'pattern':'(a|b)*'}");
      String value = "ab".repeat(512);
      boolean cutShort = false;
      try {
        for (int depth = 0; !cutShort; depth += 50) {
          cutShort = checkAtDepth(alternatives, value, depth).isPresent();
        }
      } catch (StackOverflowError e) {
        // This test's own recursion ran out first: the match never reported it.
      }
      assertTrue(cutShort, "a stack overflow inside the match escaped from check");
    }

    private Optional<String> checkAtDepth(ParameterRule rule, String value, int depth) {
      return depth == 0 ? rule.check(value) : checkAtDepth(rule, value, depth - 1);
    }

    @Test
    void ordinaryPatternsStayWellWithinTheBudget() {
      assertEquals(
          Optional.empty(), rule("{'pattern':'[a-z]*(x|y)?[a-z]*'}").check("a".repeat(1024)));
    }

    @Test
    void aQuadraticPatternIsStillCheckedToTheEnd() {
      assertEquals(
          Optional.of("must match the pattern .*x.*y.*z (the whole value)"),
          rule("{'pattern':'.*x.*y.*z'}").check("x".repeat(1024)));
    }
  }

  @Nested
  class TheEnum {

    private final ParameterRule services = rule("{'enum':['nginx','ssh']}");

    @Test
    void isMembership() {
      assertEquals(Optional.empty(), services.check("nginx"));
      assertEquals(Optional.empty(), services.check("ssh"));
      assertEquals(Optional.of("must be one of: nginx, ssh"), services.check("apache"));
    }

    @Test
    void isExactAndCaseSensitive() {
      assertTrue(services.check("NGINX").isPresent());
      assertTrue(services.check("nginx ").isPresent());
      assertTrue(services.check("").isPresent());
    }

    @Test
    void replacesTheDefaultValueRule() {
      assertEquals(Optional.empty(), rule("{'enum':['a b','x;y']}").check("a b"));
    }

    @Test
    void longListsAreShortenedInTheMessage() {
      String values =
          IntStream.range(0, 25).mapToObj(i -> "'v" + i + "'").collect(Collectors.joining(","));
      assertEquals(
          Optional.of("must be one of: v0, v1, v2, v3, v4, v5, v6, v7, v8, v9 (and 15 more)"),
          rule("{'enum':[" + values + "]}").check("x"));
    }
  }

  @Nested
  class PatternAndEnum {

    private final ParameterRule both = rule("{'pattern':'[a-z]+','enum':['nginx','SSH']}");

    @Test
    void mustSatisfyBoth() {
      assertEquals(Optional.empty(), both.check("nginx"));
      assertEquals(
          Optional.of("must match the pattern [a-z]+ (the whole value)"), both.check("SSH"));
      assertEquals(Optional.of("must be one of: nginx, SSH"), both.check("apache"));
    }
  }

  @Nested
  class Accessors {

    @Test
    void giveBackWhatWasDeclared() {
      ParameterRule declared =
          rule("{'pattern':'[a-z]+','enum':['nginx','ssh'],'description':'d','default':'ssh'}");
      assertEquals(Optional.of("[a-z]+"), declared.pattern());
      assertEquals(List.of("nginx", "ssh"), declared.enumValues());
      assertEquals(Optional.of("d"), declared.description());
      assertEquals(Optional.of("ssh"), declared.defaultValue());
    }

    @Test
    void undeclaredHasNothing() {
      assertEquals(Optional.empty(), ParameterRule.UNDECLARED.pattern());
      assertEquals(List.of(), ParameterRule.UNDECLARED.enumValues());
      assertEquals(Optional.empty(), ParameterRule.UNDECLARED.description());
      assertEquals(Optional.empty(), ParameterRule.UNDECLARED.defaultValue());
      assertEquals("{}", ParameterRule.UNDECLARED.toJson().toString());
    }

    @Test
    void equalRulesAreEqual() {
      assertEquals(rule("{'pattern':'[a-z]+'}"), rule("{'pattern':'[a-z]+'}"));
      assertEquals(
          rule("{'pattern':'[a-z]+'}").hashCode(), rule("{'pattern':'[a-z]+'}").hashCode());
      assertFalse(rule("{'pattern':'[a-z]+'}").equals(rule("{'pattern':'[a-z]*'}")));
      assertFalse(rule("{'enum':['a']}").equals(rule("{'enum':['a'],'default':'a'}")));
    }
  }
}
