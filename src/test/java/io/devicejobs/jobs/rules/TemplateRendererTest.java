package io.devicejobs.jobs.rules;

import static io.devicejobs.jobs.rules.RulesTestSupport.commandDocument;
import static io.devicejobs.jobs.rules.RulesTestSupport.json;
import static io.devicejobs.jobs.rules.RulesTestSupport.object;
import static io.devicejobs.jobs.rules.RulesTestSupport.violation;
import static io.devicejobs.jobs.rules.RulesTestSupport.violationsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.jobs.document.CommandLine;
import io.devicejobs.jobs.document.InvalidJobDocumentException;
import io.devicejobs.jobs.document.Violation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateRendererTest {

  /** The seed template of the same name, as stored. */
  private static final ObjectNode UPDATE_CONFIG =
      object(
          "{'version':'1.0','includeStdOut':false,'steps':["
              + "{'name':'Backup Config','type':'runCommand','input':{'command':'cp,{{CONFIG_PATH}},{{CONFIG_PATH}}.backup'},"
              + "'ignoreStepFailure':false},"
              + "{'name':'Download New Config','type':'runHandler','input':{'handler':'download-file',"
              + "'args':['{{CONFIG_URL}}','{{CONFIG_PATH}}']},'ignoreStepFailure':false}],"
              + "'finalStep':{'name':'Restart Service','type':'runCommand',"
              + "'input':{'command':'systemctl,restart,{{SERVICE_NAME}}'},'runAsUser':'root','ignoreStepFailure':false}}");

  private static final Map<String, String> UPDATE_CONFIG_VALUES =
      Map.of(
          "CONFIG_PATH",
          "/etc/app.conf",
          "CONFIG_URL",
          "https://cfg.example/app.conf",
          "SERVICE_NAME",
          "app");

  /** Lets a placeholder X have any value the checks that apply whatever the rule allow. */
  private static final ParameterRules ANYTHING_FOR_X = rulesForX("{'pattern':'(?s).*'}");

  private static ParameterRules rulesForX(String ruleJson) {
    return ParameterRules.parse(json("{'X':" + ruleJson + "}"), Set.of("X"));
  }

  private static RenderedDocument render(ObjectNode template, Map<String, String> parameters) {
    return TemplateRenderer.render(template, parameters, ParameterRules.none());
  }

  private static String renderedCommand(String command, String x) {
    return renderedCommand(commandDocument(command), x);
  }

  private static String renderedCommand(ObjectNode template, String x) {
    return TemplateRenderer.render(template, Map.of("X", x), ANYTHING_FOR_X)
        .document()
        .at("/steps/0/input/command")
        .textValue();
  }

  private static List<String> argv(String command) {
    return CommandLine.parse(command).arguments();
  }

  @Nested
  class TheSeedTemplateUpdateConfig {

    private final RenderedDocument rendered = render(UPDATE_CONFIG, UPDATE_CONFIG_VALUES);

    @Test
    void fillsEveryPlaceholder() {
      assertEquals(
          object(
              "{'version':'1.0','includeStdOut':false,'steps':["
                  + "{'name':'Backup Config','type':'runCommand','input':{'command':'cp,/etc/app.conf,/etc/app.conf.backup'},"
                  + "'ignoreStepFailure':false},"
                  + "{'name':'Download New Config','type':'runHandler','input':{'handler':'download-file',"
                  + "'args':['https://cfg.example/app.conf','/etc/app.conf']},'ignoreStepFailure':false}],"
                  + "'finalStep':{'name':'Restart Service','type':'runCommand',"
                  + "'input':{'command':'systemctl,restart,app'},'runAsUser':'root','ignoreStepFailure':false}}"),
          rendered.document());
    }

    @Test
    void runsTheIntendedPrograms() {
      assertEquals(
          List.of("cp", "/etc/app.conf", "/etc/app.conf.backup"),
          argv(rendered.document().at("/steps/0/input/command").textValue()));
      assertEquals(
          List.of("systemctl", "restart", "app"),
          argv(rendered.document().at("/finalStep/input/command").textValue()));
    }

    @Test
    void reportsItsHandlers() {
      assertEquals(Map.of("/steps/1/input/handler", "download-file"), rendered.handlerReferences());
    }

    @Test
    void rendersTheSameTwice() {
      RenderedDocument again = render(UPDATE_CONFIG, UPDATE_CONFIG_VALUES);
      assertEquals(rendered.document(), again.document());
      assertEquals(rendered.document().toString(), again.document().toString());
      assertEquals(rendered.handlerReferences(), again.handlerReferences());
    }

    @Test
    void leavesTheTemplateAsItWas() {
      ObjectNode template = UPDATE_CONFIG.deepCopy();
      render(template, UPDATE_CONFIG_VALUES).document().put("version", "changed");
      assertEquals(UPDATE_CONFIG, template);
    }

    @Test
    void refusesAHostileServiceName() {
      Map<String, String> values =
          Map.of(
              "CONFIG_PATH",
              "/etc/app.conf",
              "CONFIG_URL",
              "https://cfg.example/app.conf",
              "SERVICE_NAME",
              "app; reboot");
      assertEquals(
          List.of("/parameters/SERVICE_NAME"),
          violationsOf(() -> render(UPDATE_CONFIG, values)).stream()
              .map(Violation::pointer)
              .toList());
    }
  }

  @Nested
  class Values {

    private final ObjectNode echo = commandDocument("echo,{{A}},{{B}}");

    @Test
    void allMissingOnesAreListed() {
      assertEquals(
          List.of(
              violation(
                  "/parameters", "missing values for placeholders: CONFIG_URL, SERVICE_NAME")),
          violationsOf(() -> render(UPDATE_CONFIG, Map.of("CONFIG_PATH", "/etc/app.conf"))));
    }

    @Test
    void defaultsFillTheGaps() {
      ParameterRules rules =
          ParameterRules.parse(json("{'B':{'default':'fallback'}}"), Set.of("A", "B"));
      assertEquals(
          "echo,given,fallback",
          TemplateRenderer.render(echo, Map.of("A", "given"), rules)
              .document()
              .at("/steps/0/input/command")
              .textValue());
    }

    @Test
    void givenValuesBeatDefaults() {
      ParameterRules rules =
          ParameterRules.parse(json("{'B':{'default':'fallback'}}"), Set.of("A", "B"));
      assertEquals(
          "echo,given,mine",
          TemplateRenderer.render(echo, Map.of("A", "given", "B", "mine"), rules)
              .document()
              .at("/steps/0/input/command")
              .textValue());
    }

    @Test
    void unknownNamesAreRefusedOneByOne() {
      assertEquals(
          List.of(
              violation("/parameters/C", "no placeholder {{C}} in the document"),
              violation("/parameters/D", "no placeholder {{D}} in the document")),
          violationsOf(() -> render(echo, Map.of("A", "a", "B", "b", "C", "c", "D", "d"))));
    }

    @Test
    void namesThatAreNoPlaceholderNamesAreNotQuoted() {
      assertEquals(
          List.of(
              violation(
                  "/parameters/x\n~1y",
                  "is not a placeholder name: names match [A-Z][A-Z0-9_]{0,63}")),
          violationsOf(() -> render(echo, Map.of("A", "a", "B", "b", "x\n/y", "c"))));
    }

    @Test
    void aValueBreakingItsRuleSaysWhatIsAllowed() {
      ParameterRules rules =
          ParameterRules.parse(
              json("{'A':{'enum':['nginx','ssh']},'B':{'pattern':'[0-9]+'}}"), Set.of("A", "B"));
      assertEquals(
          List.of(
              violation("/parameters/A", "must be one of: nginx, ssh"),
              violation("/parameters/B", "must match the pattern [0-9]+ (the whole value)")),
          violationsOf(
              () -> TemplateRenderer.render(echo, Map.of("A", "apache", "B", "x"), rules)));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
      List<Violation> problems =
          violationsOf(() -> render(echo, Map.of("A", "$(reboot)", "C", "c")));
      assertEquals(
          List.of("/parameters/A", "/parameters", "/parameters/C"),
          problems.stream().map(Violation::pointer).toList());
    }

    @Test
    void aDocumentWithoutPlaceholdersNeedsNoValues() {
      assertEquals(
          "df,-h",
          render(commandDocument("df,-h"), Map.of())
              .document()
              .at("/steps/0/input/command")
              .textValue());
    }

    @Test
    void nothingIsOptional() {
      assertThrows(
          NullPointerException.class,
          () -> TemplateRenderer.render(null, Map.of(), ParameterRules.none()));
      assertThrows(
          NullPointerException.class,
          () -> TemplateRenderer.render(echo, null, ParameterRules.none()));
      assertThrows(NullPointerException.class, () -> TemplateRenderer.render(echo, Map.of(), null));
    }
  }

  static Stream<String> hostileValues() {
    return ParameterRuleTest.hostileValues();
  }

  @Nested
  class HostileValues {

    @ParameterizedTest
    @MethodSource("io.devicejobs.jobs.rules.TemplateRendererTest#hostileValues")
    void areRefusedByTheDefaultValueRule(String value) {
      List<Violation> problems =
          violationsOf(
              () -> render(commandDocument("systemctl,restart,{{X}}"), Map.of("X", value)));
      assertEquals(1, problems.size());
      assertEquals("/parameters/X", problems.get(0).pointer());
      assertFalse(problems.get(0).message().chars().anyMatch(Character::isISOControl));
    }

    @Test
    void cannotCombineWithTheTemplateIntoAPlaceholder() {
      // "{B}}" is plain text in the template; "x{" in front of it would make the placeholder {{B}}.
      assertEquals(
          List.of(
              violation(
                  "/parameters",
                  "the values combine with the text around them into the placeholders {{B}}: a job document has none")),
          violationsOf(
              () ->
                  TemplateRenderer.render(
                      commandDocument("echo {{X}}{B}}"),
                      Map.of("X", "x{"),
                      rulesForX("{'pattern':'[x{]+'}"))));
    }

    @Test
    void cannotChangeTheDocumentsStructure() {
      ObjectNode template =
          object(
              "{'version':'1.0','steps':[{'name':'{{X}}','type':'runCommand',"
                  + "'input':{'command':'true'}}]}");
      ObjectNode rendered =
          TemplateRenderer.render(template, Map.of("X", "\"},\"runAsUser\":\"root"), ANYTHING_FOR_X)
              .document();
      assertEquals("\"},\"runAsUser\":\"root", rendered.at("/steps/0/name").textValue());
      assertFalse(rendered.at("/steps/0").has("runAsUser"));
    }
  }

  @Nested
  class Commands {

    @Test
    void aCommaInAValueStaysInsideItsArgument() {
      String command =
          TemplateRenderer.render(
                  commandDocument("echo,{{X}}"),
                  Map.of("X", "x,y"),
                  rulesForX("{'pattern':'[a-z,]+'}"))
              .document()
              .at("/steps/0/input/command")
              .textValue();
      assertEquals("echo,x\\,y", command);
      assertEquals(List.of("echo", "x,y"), argv(command));
    }

    @Test
    void aValueCannotAddArguments() {
      assertEquals(List.of("rm", "-i", "a,-rf,/"), argv(renderedCommand("rm,-i,{{X}}", "a,-rf,/")));
    }

    @Test
    void aValueCannotTurnAShellLineIntoAnArgumentList() {
      String command = renderedCommand("echo {{X}}", "rm,-rf,/");
      assertEquals("echo rm\\,-rf\\,/", command);
      assertFalse(CommandLine.parse(command).isArgumentList());
    }

    @Test
    void anEscapedCommaIsAPlainCommaToTheShell() throws IOException, InterruptedException {
      assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh");
      String command = renderedCommand("printf %s {{X}}", "a,b");
      Process shell =
          new ProcessBuilder(CommandLine.parse(command).arguments())
              .redirectErrorStream(true)
              .start();
      String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, shell.waitFor());
      assertEquals("a,b", output);
    }

    @Test
    void backslashesInsideAValueAreKept() {
      assertEquals(
          List.of("echo", "a\\b,c\\,d"), argv(renderedCommand("echo,{{X}}", "a\\b,c\\,d")));
    }

    @Test
    void aTrailingBackslashCannotJoinTwoArguments() {
      assertEquals(
          List.of(
              violation(
                  "/parameters",
                  "the values of X would change how the command at"
                      + " /steps/0/input/command splits into arguments (a backslash before a comma escapes the comma)")),
          violationsOf(() -> renderedCommand("cp,{{X}},/tmp/copy", "a\\")));
    }

    @Test
    void anEmptyValueCannotLetATemplateBackslashEscapeAComma() {
      assertThrows(
          InvalidJobDocumentException.class, () -> renderedCommand("cp,\\{{X}},/tmp/copy", ""));
      assertEquals(
          List.of("cp", "\\a", "/tmp/copy"), argv(renderedCommand("cp,\\{{X}},/tmp/copy", "a")));
    }

    @Test
    void aTrailingBackslashAtTheEndOfTheCommandIsHarmless() {
      assertEquals(List.of("echo", "a\\"), argv(renderedCommand("echo,{{X}}", "a\\")));
    }

    @Test
    void theFinalStepIsFilledTheSameWay() {
      ObjectNode template =
          object(
              "{'version':'1.0','steps':[{'type':'runCommand','input':{'command':'true'}}],"
                  + "'finalStep':{'type':'runCommand','input':{'command':'echo,{{X}}'}}}");
      String command =
          TemplateRenderer.render(template, Map.of("X", "a,b"), ANYTHING_FOR_X)
              .document()
              .at("/finalStep/input/command")
              .textValue();
      assertEquals(List.of("echo", "a,b"), argv(command));
    }

    @Test
    void theNestedFormIsFilledTheSameWay() {
      ObjectNode template =
          object(
              "{'version':'1.0','steps':[{'action':{'type':'runCommand',"
                  + "'input':{'command':'echo,{{X}}'}}}]}");
      assertEquals("echo,a\\,b", renderedCommand(template, "a,b"));
    }

    @Test
    void commasOutsideCommandsAreLeftAlone() {
      ObjectNode template =
          object(
              "{'version':'1.0','steps':[{'name':'Step {{X}}','type':'runHandler',"
                  + "'input':{'handler':'download-file','args':['{{X}}'],'path':'/opt/{{X}}'}}]}");
      ObjectNode rendered =
          TemplateRenderer.render(template, Map.of("X", "a,b"), ANYTHING_FOR_X).document();
      assertEquals("Step a,b", rendered.at("/steps/0/name").textValue());
      assertEquals("a,b", rendered.at("/steps/0/input/args/0").textValue());
      assertEquals("/opt/a,b", rendered.at("/steps/0/input/path").textValue());
    }
  }

  @Nested
  class ValidatingAgain {

    @Test
    void aHandlerGivenByAPlaceholderIsReported() {
      ObjectNode template =
          object("{'version':'1.0','steps':[{'type':'runHandler','input':{'handler':'{{X}}'}}]}");
      assertEquals(
          Map.of("/steps/0/input/handler", "backup-directory"),
          render(template, Map.of("X", "backup-directory")).handlerReferences());
    }

    @Test
    void aHandlerGivenByAPlaceholderMustBeAValidName() {
      ObjectNode template =
          object("{'version':'1.0','steps':[{'type':'runHandler','input':{'handler':'{{X}}'}}]}");
      List<Violation> problems = violationsOf(() -> render(template, Map.of("X", "../evil")));
      assertEquals(
          List.of("/steps/0/input/handler"), problems.stream().map(Violation::pointer).toList());
    }

    @Test
    void aUserGivenByAPlaceholderMustBeAUserName() {
      ObjectNode template =
          object(
              "{'version':'1.0','steps':[{'type':'runCommand','input':{'command':'id'},"
                  + "'runAsUser':'{{X}}'}]}");
      assertEquals(
          "deploy",
          render(template, Map.of("X", "deploy")).document().at("/steps/0/runAsUser").textValue());
      List<Violation> problems = violationsOf(() -> render(template, Map.of("X", "Root")));
      assertEquals(
          List.of("/steps/0/runAsUser"), problems.stream().map(Violation::pointer).toList());
    }

    @Test
    void theProgramMustNotBeEmpty() {
      List<Violation> problems =
          violationsOf(() -> render(commandDocument("{{X}},-h"), Map.of("X", "")));
      assertEquals(
          List.of("/steps/0/input/command"), problems.stream().map(Violation::pointer).toList());
    }

    @Test
    void theDocumentMustStayWithinTheSizeLimit() {
      StringBuilder args = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        args.append(i == 0 ? "" : ",").append("'{{X}}'");
      }
      ObjectNode template =
          object(
              "{'version':'1.0','steps':[{'type':'runHandler','input':{'handler':'h',"
                  + "'args':["
                  + args
                  + "]}}]}");
      List<Violation> problems =
          violationsOf(
              () ->
                  TemplateRenderer.render(
                      template, Map.of("X", "a".repeat(1000)), rulesForX("{'pattern':'a*'}")));
      assertEquals(List.of(""), problems.stream().map(Violation::pointer).toList());
    }

    @Test
    void otherValuesKeepTheirTypes() {
      ObjectNode template =
          object(
              "{'version':'1.0','includeStdOut':true,'steps':[{'type':'runCommand',"
                  + "'input':{'command':'echo,{{X}}'},'allowStdErr':3,'ignoreStepFailure':true}]}");
      ObjectNode rendered = render(template, Map.of("X", "x")).document();
      assertTrue(rendered.get("includeStdOut").isBoolean());
      assertEquals(3, rendered.at("/steps/0/allowStdErr").intValue());
      assertTrue(rendered.at("/steps/0/ignoreStepFailure").booleanValue());
    }

    @Test
    void unicodeValuesAreFineWhereTheRuleAllowsThem() {
      ObjectNode template =
          object(
              "{'version':'1.0','steps':[{'name':'Greet {{X}}','type':'runCommand',"
                  + "'input':{'command':'echo,{{X}}'}}]}");
      ObjectNode rendered =
          TemplateRenderer.render(
                  template, Map.of("X", "Grüße 日本"), rulesForX("{'pattern':'[\\\\p{L} ]+'}"))
              .document();
      assertEquals("Greet Grüße 日本", rendered.at("/steps/0/name").textValue());
    }

    @Test
    void anInvalidTemplateIsRefused() {
      assertThrows(
          InvalidJobDocumentException.class,
          () -> render(object("{'version':'2.0','steps':[]}"), Map.of()));
    }
  }
}
