package io.devicejobs.jobs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceholdersTest {

  @Test
  void findsDistinctNamesSorted() {
    assertEquals(
        List.of("A", "B_1", "Z"), List.copyOf(Placeholders.find("{{Z}} {{A}}/{{B_1}}-{{A}}")));
    assertEquals(Set.of("CONFIG_PATH"), Placeholders.find("{{CONFIG_PATH}}.backup"));
  }

  @Test
  void findsNothingInPlainText() {
    assertEquals(Set.of(), Placeholders.find(""));
    assertEquals(Set.of(), Placeholders.find("systemctl,restart,nginx"));
    assertEquals(List.of(), Placeholders.malformed("systemctl,restart,nginx"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{{ name }}",
        "{{lower}}",
        "{{}}",
        "{{A-B}}",
        "{{1A}}",
        "{{_A}}",
        "{{ A}}",
        "{{A\nB}}"
      })
  void reportsMalformedTokens(String token) {
    assertEquals(List.of(token), Placeholders.malformed("x " + token + " y"));
    assertEquals(Set.of(), Placeholders.find("x " + token + " y"));
  }

  @Test
  void namesMayBeUpTo64Characters() {
    String longest = "A".repeat(64);
    assertEquals(Set.of(longest), Placeholders.find("{{" + longest + "}}"));
    assertEquals(List.of("{{" + longest + "A}}"), Placeholders.malformed("{{" + longest + "A}}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{{", "}}", "{{A}", "{A}", "{ {A} }", "a {{ b", "x }} {{ y"})
  void unbalancedBracesAreText(String text) {
    assertEquals(List.of(), Placeholders.malformed(text));
    assertEquals(Set.of(), Placeholders.find(text));
  }

  @Test
  void aTokenRunsFromOpeningBracesToTheNextClosingBraces() {
    assertEquals(List.of("{{{A}}"), Placeholders.malformed("{{{A}}}"));
    assertEquals(List.of("{{A} and {{B}}"), Placeholders.malformed("{{A} and {{B}}"));
    assertEquals(Set.of("A"), Placeholders.find("{{A}}}}"));
  }

  @Test
  void separatesValidFromMalformed() {
    String text = "{{GOOD}} {{ bad }} {{ALSO_GOOD}} {{worse}}";
    assertEquals(Set.of("GOOD", "ALSO_GOOD"), Placeholders.find(text));
    assertEquals(List.of("{{ bad }}", "{{worse}}"), Placeholders.malformed(text));
  }

  @Test
  void recognisesASinglePlaceholder() {
    assertTrue(Placeholders.isSinglePlaceholder("{{HANDLER}}"));
    assertTrue(Placeholders.isSinglePlaceholder("{{" + "U".repeat(64) + "}}"));
    assertFalse(Placeholders.isSinglePlaceholder("{{" + "U".repeat(65) + "}}"));
    assertFalse(Placeholders.isSinglePlaceholder(" {{HANDLER}}"));
    assertFalse(Placeholders.isSinglePlaceholder("{{HANDLER}}.sh"));
    assertFalse(Placeholders.isSinglePlaceholder("{{A}}{{B}}"));
    assertFalse(Placeholders.isSinglePlaceholder("{{handler}}"));
    assertFalse(Placeholders.isSinglePlaceholder("{{}}"));
    assertFalse(Placeholders.isSinglePlaceholder(""));
  }
}
