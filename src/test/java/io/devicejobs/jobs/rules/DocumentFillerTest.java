package io.devicejobs.jobs.rules;

import static io.devicejobs.jobs.rules.RulesTestSupport.commandDocument;
import static io.devicejobs.jobs.rules.RulesTestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filler on its own, without the value checks that would refuse most of these values first. */
class DocumentFillerTest {

  private static ObjectNode fill(ObjectNode document, Map<String, String> values) {
    return new DocumentFiller(values, new Problems()).fill(document);
  }

  @Test
  void aValueIsNeverScannedForPlaceholders() {
    ObjectNode filled =
        fill(
            object("{'version':'1.0','steps':[{'name':'{{X}}'}]}"),
            Map.of("X", "{{Y}}", "Y", "boom"));
    assertEquals("{{Y}}", filled.at("/steps/0/name").textValue());
  }

  @Test
  void everyOccurrenceIsFilled() {
    assertEquals(
        "cp,/a,/a.backup",
        fill(commandDocument("cp,{{P}},{{P}}.backup"), Map.of("P", "/a"))
            .at("/steps/0/input/command")
            .textValue());
  }

  @Test
  void jsonInAValueIsJustText() {
    ObjectNode filled =
        fill(object("{'version':'1.0','steps':[{'name':'{{X}}'}]}"), Map.of("X", "\"}]}"));
    assertEquals("\"}]}", filled.at("/steps/0/name").textValue());
    assertEquals(1, filled.get("steps").size());
  }

  @Test
  void fillingTheSameDocumentTwiceGivesTheSameResult() {
    ObjectNode template = commandDocument("echo,{{X}}");
    assertEquals(fill(template, Map.of("X", "a,b")), fill(template, Map.of("X", "a,b")));
  }

  @Test
  void aPlaceholderWithoutAValueIsAProgrammingError() {
    assertThrows(IllegalStateException.class, () -> fill(commandDocument("echo,{{X}}"), Map.of()));
  }
}
