package io.devicejobs.jobs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobDocumentValidatorTest {

  // Single quotes keep the documents in this test readable.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
  private static final String RESTART_SERVICE =
      "{'version':'1.0','steps':[{'name':'Restart Service',"
          + "'type':'runCommand','input':{'command':'systemctl,restart,{{SERVICE_NAME}}'},'runAsUser':'root'}]}";

  private final JobDocumentValidator validator = new JobDocumentValidator();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  /** A document whose only step is {@code step}. */
  private static String withStep(String step) {
    return "{'version':'1.0','steps':[" + step + "]}";
  }

  private static String withCommand(String command) {
    return withStep("{'type':'runCommand','input':{'command':'" + command + "'}}");
  }

  private static String withHandlerInput(String input) {
    return withStep("{'type':'runHandler','input':" + input + "}");
  }

  private ValidatedDocument valid(String document) {
    return validator.validate(json(document));
  }

  private ObjectNode firstStep(String document) {
    return (ObjectNode) valid(document).document().get("steps").get(0);
  }

  private List<Violation> violations(JsonNode document) {
    return assertThrows(InvalidJobDocumentException.class, () -> validator.validate(document))
        .violations();
  }

  private List<Violation> violations(String document) {
    return violations(json(document));
  }

  private void assertOnlyViolation(String document, String pointer, String message) {
    assertEquals(List.of(new Violation(pointer, message)), violations(document));
  }

  private static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Nested
  class SeedDocuments {

    @Test
    void restartService() {
      ValidatedDocument result = valid(RESTART_SERVICE);
      assertEquals(Set.of("SERVICE_NAME"), result.placeholders());
      assertEquals(Map.of(), result.handlerReferences());
      assertEquals(
          json(
              "{'version':'1.0','includeStdOut':false,'steps':[{'name':'Restart Service',"
                  + "'type':'runCommand','input':{'command':'systemctl,restart,{{SERVICE_NAME}}'},"
                  + "'runAsUser':'root','ignoreStepFailure':false}]}"),
          result.document());
    }

    @Test
    void updateConfig() {
      ValidatedDocument result =
          valid(
              "{'version':'1.0','steps':["
                  + "{'name':'Backup Config','type':'runCommand',"
                  + "'input':{'command':'cp,{{CONFIG_PATH}},{{CONFIG_PATH}}.backup'}},"
                  + "{'name':'Download New Config','type':'runHandler',"
                  + "'input':{'handler':'download-file','args':['{{CONFIG_URL}}','{{CONFIG_PATH}}']}}],"
                  + "'finalStep':{'name':'Restart Service','type':'runCommand',"
                  + "'input':{'command':'systemctl,restart,{{SERVICE_NAME}}'},'runAsUser':'root'}}");
      assertEquals(
          List.of("CONFIG_PATH", "CONFIG_URL", "SERVICE_NAME"), List.copyOf(result.placeholders()));
      assertEquals(Map.of("/steps/1/input/handler", "download-file"), result.handlerReferences());
      assertEquals("Restart Service", result.document().get("finalStep").get("name").textValue());
    }

    @Test
    void healthCheck() {
      ValidatedDocument result =
          valid(
              "{'version':'1.0','includeStdOut':true,'steps':["
                  + "{'name':'Check Disk Space','type':'runCommand','input':{'command':'df,-h'}},"
                  + "{'name':'Check Memory','type':'runCommand','input':{'command':'free,-h'}},"
                  + "{'name':'Check Service','type':'runCommand',"
                  + "'input':{'command':'systemctl,is-active,{{SERVICE_NAME}}'}}]}");
      assertEquals(Set.of("SERVICE_NAME"), result.placeholders());
      assertTrue(result.document().get("includeStdOut").booleanValue());
      assertEquals(3, result.document().get("steps").size());
    }
  }

  @Nested
  class Root {

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'steps'", "null", "42"})
    void mustBeAnObject(String document) {
      assertOnlyViolation(document, "", "must be an object");
    }

    @Test
    void javaNullIsNotAnObject() {
      assertEquals(List.of(new Violation("", "must be an object")), violations((JsonNode) null));
    }

    @Test
    void versionIsRequired() {
      assertOnlyViolation(
          "{'steps':[{'type':'runCommand','input':{'command':'ls'}}]}", "/version", "is required");
    }

    @Test
    void versionMustBeTheString1Point0() {
      String step = "'steps':[{'type':'runCommand','input':{'command':'ls'}}]";
      assertOnlyViolation("{'version':'2.0'," + step + "}", "/version", "must be \"1.0\"");
      assertOnlyViolation("{'version':'1.0 '," + step + "}", "/version", "must be \"1.0\"");
      assertOnlyViolation("{'version':1.0," + step + "}", "/version", "must be a string");
    }

    @Test
    void rejectsUnknownPropertiesWithEscapedPointers() {
      assertEquals(
          List.of(
              new Violation("/foo", "unknown property \"foo\""),
              new Violation("/a~1b", "unknown property \"a/b\""),
              new Violation("/m~0n", "unknown property \"m~n\""),
              new Violation("/", "unknown property \"\"")),
          violations(
              "{'version':'1.0','steps':[{'type':'runCommand','input':{'command':'ls'}}],"
                  + "'foo':1,'a/b':2,'m~n':3,'':4}"));
    }

    @Test
    void stepsAreRequired() {
      assertOnlyViolation("{'version':'1.0'}", "/steps", "is required");
    }

    @Test
    void stepsMustBeANonEmptyArray() {
      assertOnlyViolation("{'version':'1.0','steps':{}}", "/steps", "must be an array");
      assertOnlyViolation("{'version':'1.0','steps':[]}", "/steps", "must not be empty");
    }

    @Test
    void allowsAtMost64Steps() {
      ArrayNode steps = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < 65; i++) {
        steps.add(json("{'type':'runCommand','input':{'command':'true'}}"));
      }
      ObjectNode document = JsonNodeFactory.instance.objectNode().put("version", "1.0");
      document.set("steps", steps);
      assertEquals(
          List.of(new Violation("/steps", "must have at most 64 steps")), violations(document));

      steps.remove(64);
      assertEquals(64, validator.validate(document).document().get("steps").size());
    }

    @Test
    void includeStdOutDefaultsToFalse() {
      assertFalse(valid(withCommand("ls")).document().get("includeStdOut").booleanValue());
    }

    @Test
    void includeStdOutMustBeABoolean() {
      String steps = "'steps':[{'type':'runCommand','input':{'command':'ls'}}]";
      assertTrue(
          valid("{'version':'1.0','includeStdOut':true," + steps + "}")
              .document()
              .get("includeStdOut")
              .booleanValue());
      assertOnlyViolation(
          "{'version':'1.0','includeStdOut':'true'," + steps + "}",
          "/includeStdOut",
          "must be a boolean");
      assertOnlyViolation(
          "{'version':'1.0','includeStdOut':null," + steps + "}",
          "/includeStdOut",
          "must be a boolean");
    }

    @Test
    void finalStepIsOneStepNamedFinalStepByDefault() {
      ValidatedDocument result =
          valid(
              "{'version':'1.0','steps':[{'type':'runCommand','input':{'command':'ls'}}],"
                  + "'finalStep':{'type':'runCommand','input':{'command':'rm,-f,/tmp/x'}}}");
      assertEquals(
          json(
              "{'name':'final-step','type':'runCommand','input':{'command':'rm,-f,/tmp/x'},"
                  + "'ignoreStepFailure':false}"),
          result.document().get("finalStep"));
    }

    @Test
    void finalStepMustBeAnObject() {
      assertOnlyViolation(
          "{'version':'1.0','steps':[{'type':'runCommand','input':{'command':'ls'}}],"
              + "'finalStep':[{'type':'runCommand','input':{'command':'ls'}}]}",
          "/finalStep",
          "must be an object");
    }

    @Test
    void finalStepViolationsPointIntoFinalStep() {
      assertOnlyViolation(
          "{'version':'1.0','steps':[{'type':'runCommand','input':{'command':'ls'}}],"
              + "'finalStep':{'type':'runCommand','input':{}}}",
          "/finalStep/input/command",
          "is required");
    }

    @Test
    void normalisedDocumentHasAFixedKeyOrder() {
      ValidatedDocument result =
          valid(
              "{'finalStep':{'input':{'command':'b'},'type':'runCommand'},"
                  + "'steps':[{'allowStdErr':1,'ignoreStepFailure':true,'runAsUser':'pi',"
                  + "'input':{'command':'a'},'type':'runCommand','name':'A'}],'includeStdOut':true,'version':'1.0'}");
      assertEquals(
          "{\"version\":\"1.0\",\"includeStdOut\":true,\"steps\":[{\"name\":\"A\","
              + "\"type\":\"runCommand\",\"input\":{\"command\":\"a\"},\"runAsUser\":\"pi\","
              + "\"ignoreStepFailure\":true,\"allowStdErr\":1}],\"finalStep\":{\"name\":\"final-step\","
              + "\"type\":\"runCommand\",\"input\":{\"command\":\"b\"},\"ignoreStepFailure\":false}}",
          result.document().toString());
    }
  }

  @Nested
  class Steps {

    @Test
    void stepMustBeAnObject() {
      assertOnlyViolation(withStep("'ls'"), "/steps/0", "must be an object");
    }

    @Test
    void unnamedStepsAreNamedByTheirPosition() {
      ValidatedDocument result =
          valid(
              "{'version':'1.0','steps':["
                  + "{'type':'runCommand','input':{'command':'a'}},"
                  + "{'name':'Second','type':'runCommand','input':{'command':'b'}},"
                  + "{'type':'runCommand','input':{'command':'c'}}]}");
      List<String> names = new ArrayList<>();
      result.document().get("steps").forEach(step -> names.add(step.get("name").textValue()));
      assertEquals(List.of("step-1", "Second", "step-3"), names);
    }

    @Test
    void nameIsTrimmed() {
      assertEquals(
          "Restart",
          firstStep(withStep("{'name':'  Restart\\t','type':'runCommand','input':{'command':'x'}}"))
              .get("name")
              .textValue());
    }

    @Test
    void nameMustHave1To128CharactersAfterTrimming() {
      String max = "n".repeat(128);
      assertEquals(
          max,
          firstStep(
                  withStep("{'name':' " + max + " ','type':'runCommand','input':{'command':'x'}}"))
              .get("name")
              .textValue());
      assertEquals(
          "é".repeat(128),
          firstStep(
                  withStep(
                      "{'name':'"
                          + "é".repeat(128)
                          + "','type':'runCommand','input':{'command':'x'}}"))
              .get("name")
              .textValue());
      assertOnlyViolation(
          withStep("{'name':'" + max + "n','type':'runCommand','input':{'command':'x'}}"),
          "/steps/0/name",
          "must be at most 128 characters");
      assertOnlyViolation(
          withStep("{'name':'','type':'runCommand','input':{'command':'x'}}"),
          "/steps/0/name",
          "must not be empty");
      assertOnlyViolation(
          withStep("{'name':'   ','type':'runCommand','input':{'command':'x'}}"),
          "/steps/0/name",
          "must not be empty");
      assertOnlyViolation(
          withStep("{'name':7,'type':'runCommand','input':{'command':'x'}}"),
          "/steps/0/name",
          "must be a string");
    }

    @Test
    void typeIsRequired() {
      assertOnlyViolation(withStep("{'input':{'command':'x'}}"), "/steps/0/type", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'RunCommand'", "'runScript'", "''"})
    void typeMustBeKnown(String type) {
      assertOnlyViolation(
          withStep("{'type':" + type + ",'input':{'command':'x'}}"),
          "/steps/0/type",
          "must be \"runCommand\" or \"runHandler\"");
    }

    @Test
    void typeMustBeAString() {
      assertOnlyViolation(
          withStep("{'type':['runCommand'],'input':{'command':'x'}}"),
          "/steps/0/type",
          "must be a string");
    }

    @Test
    void inputIsRequiredAndMustBeAnObject() {
      assertOnlyViolation(withStep("{'type':'runCommand'}"), "/steps/0/input", "is required");
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':'ls'}"), "/steps/0/input", "must be an object");
    }

    @Test
    void rejectsUnknownStepProperties() {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':'x'},'timeout':5}"),
          "/steps/0/timeout",
          "unknown property \"timeout\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "pi", "_svc", "deploy-user", "a_1", "{{RUN_AS}}"})
    void acceptsUnixUserNamesAndPlaceholdersAsRunAsUser(String user) {
      assertEquals(
          user,
          firstStep(
                  withStep(
                      "{'type':'runCommand','input':{'command':'x'},'runAsUser':'" + user + "'}"))
              .get("runAsUser")
              .textValue());
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Root",
          "1user",
          "-user",
          "us er",
          "",
          "user$",
          "{{USER}}x",
          "{{A}}{{B}}",
          "abcdefghijklmnopqrstuvwxyz0123456"
        })
    void rejectsOtherRunAsUsers(String user) {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':'x'},'runAsUser':'" + user + "'}"),
          "/steps/0/runAsUser",
          "must be a Unix user name matching ^[a-z_][a-z0-9_-]{0,31}$ or a single placeholder like {{USER}}");
    }

    @Test
    void runAsUserMustBeAString() {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':'x'},'runAsUser':0}"),
          "/steps/0/runAsUser",
          "must be a string");
    }

    @Test
    void runAsUserIsOnlyPresentWhenGiven() {
      assertFalse(firstStep(withCommand("x")).has("runAsUser"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "'true'", "'false'"})
    void ignoreStepFailureAcceptsBooleansAndTheirStrings(String value) {
      JsonNode ignore =
          firstStep(
                  withStep(
                      "{'type':'runCommand','input':{'command':'x'},'ignoreStepFailure':"
                          + value
                          + "}"))
              .get("ignoreStepFailure");
      assertTrue(ignore.isBoolean());
      assertEquals(value.contains("true"), ignore.booleanValue());
    }

    @Test
    void ignoreStepFailureDefaultsToFalse() {
      JsonNode ignore = firstStep(withCommand("x")).get("ignoreStepFailure");
      assertTrue(ignore.isBoolean());
      assertFalse(ignore.booleanValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"'yes'", "'TRUE'", "' true'", "1", "null", "{}"})
    void ignoreStepFailureRejectsEverythingElse(String value) {
      assertOnlyViolation(
          withStep(
              "{'type':'runCommand','input':{'command':'x'},'ignoreStepFailure':" + value + "}"),
          "/steps/0/ignoreStepFailure",
          "must be a boolean");
    }

    @Test
    void allowStdErrIsANonNegativeInteger() {
      assertEquals(0, allowStdErr("0"));
      assertEquals(2, allowStdErr("2"));
      assertEquals(2, allowStdErr("2.0"));
      assertEquals(Integer.MAX_VALUE, allowStdErr("2147483647"));
      assertFalse(firstStep(withCommand("x")).has("allowStdErr"));
    }

    private int allowStdErr(String value) {
      JsonNode allow =
          firstStep(
                  withStep(
                      "{'type':'runCommand','input':{'command':'x'},'allowStdErr':" + value + "}"))
              .get("allowStdErr");
      assertTrue(allow.isInt());
      return allow.intValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "'2'", "true", "null", "[1]", "-0.5"})
    void allowStdErrRejectsEverythingElse(String value) {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':'x'},'allowStdErr':" + value + "}"),
          "/steps/0/allowStdErr",
          "must be an integer >= 0");
    }

    @Test
    void allowStdErrMustFitAnInt() {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':'x'},'allowStdErr':2147483648}"),
          "/steps/0/allowStdErr",
          "must be at most 2147483647");
    }
  }

  @Nested
  class RunCommand {

    @ParameterizedTest
    @ValueSource(strings = {"df,-h", "docker ps | grep x", "free", "a,,b", "echo,a\\\\,b"})
    void acceptsCommands(String command) {
      String normalised = firstStep(withCommand(command)).get("input").get("command").textValue();
      assertEquals(command.replace("\\\\", "\\"), normalised);
    }

    @Test
    void commandIsRequired() {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{}}"), "/steps/0/input/command", "is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"''", "'   '"})
    void commandMustNotBeEmpty(String command) {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':" + command + "}}"),
          "/steps/0/input/command",
          "must not be empty");
    }

    @Test
    void commandMustBeAString() {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':['ls','-l']}}"),
          "/steps/0/input/command",
          "must be a string");
    }

    @Test
    void commandHasAtMost4096Characters() {
      valid(withCommand("x".repeat(4096)));
      valid(withCommand("😀".repeat(4096)));
      assertOnlyViolation(
          withCommand("x".repeat(4097)),
          "/steps/0/input/command",
          "must be at most 4096 characters");
    }

    @Test
    void commandMustNotContainNul() {
      assertOnlyViolation(
          withCommand("echo,a\\u0000b"),
          "/steps/0/input/command",
          "must not contain NUL characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {",ls", " ,ls", ",", "\\t,x"})
    void theProgramOfAnArgumentListMustNotBeBlank(String command) {
      assertOnlyViolation(
          withCommand(command),
          "/steps/0/input/command",
          "the program (the first argument, before the first comma) must not be empty");
    }

    @Test
    void inputTakesOnlyACommand() {
      assertOnlyViolation(
          withStep("{'type':'runCommand','input':{'command':'ls','args':['-l']}}"),
          "/steps/0/input/args",
          "unknown property \"args\"");
    }
  }

  @Nested
  class RunHandler {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "download-file",
          "install-packages.sh",
          "a",
          "9lives",
          "c++",
          "v1.2-rc+3",
          "my_handler"
        })
    void acceptsHandlerNames(String handler) {
      ValidatedDocument result = valid(withHandlerInput("{'handler':'" + handler + "'}"));
      assertEquals(Map.of("/steps/0/input/handler", handler), result.handlerReferences());
      assertEquals(
          json("{'handler':'" + handler + "'}"),
          result.document().get("steps").get(0).get("input"));
    }

    @Test
    void acceptsHandlerNamesOf64Characters() {
      valid(withHandlerInput("{'handler':'" + "h".repeat(64) + "'}"));
      assertOnlyViolation(
          withHandlerInput("{'handler':'" + "h".repeat(65) + "'}"),
          "/steps/0/input/handler",
          "must match ^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$ or be a single placeholder like {{HANDLER}}");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "-x",
          ".hidden",
          "../etc/passwd",
          "dir/file",
          "_lead",
          "with space",
          "",
          "{{A}}.sh",
          "{{A}}{{B}}"
        })
    void rejectsOtherHandlers(String handler) {
      assertOnlyViolation(
          withHandlerInput("{'handler':'" + handler + "'}"),
          "/steps/0/input/handler",
          "must match ^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$ or be a single placeholder like {{HANDLER}}");
    }

    @Test
    void aPlaceholderHandlerIsNotAHandlerReference() {
      ValidatedDocument result = valid(withHandlerInput("{'handler':'{{HANDLER}}'}"));
      assertEquals(Map.of(), result.handlerReferences());
      assertEquals(Set.of("HANDLER"), result.placeholders());
    }

    @Test
    void handlerIsRequiredAndMustBeAString() {
      assertOnlyViolation(withHandlerInput("{}"), "/steps/0/input/handler", "is required");
      assertOnlyViolation(
          withHandlerInput("{'handler':true}"), "/steps/0/input/handler", "must be a string");
    }

    @Test
    void argsAndPathAreCopiedInAFixedOrder() {
      JsonNode input =
          firstStep(
                  withHandlerInput(
                      "{'path':'/opt/handlers','args':['a','','{{B}}'],'handler':'h'}"))
              .get("input");
      assertEquals(List.of("handler", "args", "path"), keys(input));
      assertEquals(json("['a','','{{B}}']"), input.get("args"));
    }

    @Test
    void argsMustBeAnArrayOfStrings() {
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','args':'a b'}"),
          "/steps/0/input/args",
          "must be an array");
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','args':['a',2]}"),
          "/steps/0/input/args/1",
          "must be a string");
    }

    @Test
    void argsHaveAtMost64Items() {
      valid(withHandlerInput("{'handler':'h','args':[" + "'a',".repeat(63) + "'a']}"));
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','args':[" + "'a',".repeat(64) + "'a']}"),
          "/steps/0/input/args",
          "must have at most 64 items");
    }

    @Test
    void eachArgHasAtMost4096CharactersAndNoNul() {
      valid(withHandlerInput("{'handler':'h','args':['" + "a".repeat(4096) + "']}"));
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','args':['ok','" + "a".repeat(4097) + "']}"),
          "/steps/0/input/args/1",
          "must be at most 4096 characters");
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','args':['\\u0000']}"),
          "/steps/0/input/args/0",
          "must not contain NUL characters");
    }

    @Test
    void pathIsANonEmptyStringOfAtMost1024Characters() {
      valid(withHandlerInput("{'handler':'h','path':'/" + "p".repeat(1023) + "'}"));
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','path':'/" + "p".repeat(1024) + "'}"),
          "/steps/0/input/path",
          "must be at most 1024 characters");
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','path':''}"),
          "/steps/0/input/path",
          "must not be empty");
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','path':['/opt']}"),
          "/steps/0/input/path",
          "must be a string");
    }

    @Test
    void inputTakesOnlyHandlerArgsAndPath() {
      assertOnlyViolation(
          withHandlerInput("{'handler':'h','command':'ls'}"),
          "/steps/0/input/command",
          "unknown property \"command\"");
    }

    @Test
    void listsHandlerReferencesInStepOrder() {
      ValidatedDocument result =
          valid(
              "{'version':'1.0','steps':["
                  + "{'type':'runHandler','input':{'handler':'first'}},"
                  + "{'type':'runCommand','input':{'command':'ls'}},"
                  + "{'type':'runHandler','input':{'handler':'third'}}],"
                  + "'finalStep':{'type':'runHandler','input':{'handler':'last'}}}");
      assertEquals(
          List.of(
              Map.entry("/steps/0/input/handler", "first"),
              Map.entry("/steps/2/input/handler", "third"),
              Map.entry("/finalStep/input/handler", "last")),
          List.copyOf(result.handlerReferences().entrySet()));
    }
  }

  @Nested
  class NestedForm {

    @Test
    void isNormalisedToTheFlatForm() {
      String nested =
          "{'version':'1.0','steps':[{'action':{'name':'Install','type':'runHandler',"
              + "'input':{'handler':'install-packages.sh','args':['wget'],'path':'default'},"
              + "'runAsUser':'root','ignoreStepFailure':'true','allowStdErr':2}}],"
              + "'finalStep':{'action':{'name':'Clean','type':'runCommand','input':{'command':'rm,-rf,/tmp/x'}}}}";
      String flat =
          "{'version':'1.0','steps':[{'name':'Install','type':'runHandler',"
              + "'input':{'handler':'install-packages.sh','args':['wget'],'path':'default'},"
              + "'runAsUser':'root','ignoreStepFailure':true,'allowStdErr':2}],"
              + "'finalStep':{'name':'Clean','type':'runCommand','input':{'command':'rm,-rf,/tmp/x'}}}";
      assertEquals(valid(flat).document(), valid(nested).document());
    }

    @Test
    void keysMayBeSplitBetweenStepAndAction() {
      ObjectNode step =
          firstStep(
              withStep(
                  "{'name':'Restart','ignoreStepFailure':true,"
                      + "'action':{'type':'runCommand','input':{'command':'systemctl,restart,x'},'runAsUser':'root'}}"));
      assertEquals(
          json(
              "{'name':'Restart','type':'runCommand','input':{'command':'systemctl,restart,x'},"
                  + "'runAsUser':'root','ignoreStepFailure':true}"),
          step);
    }

    @Test
    void namesUnnamedNestedStepsByPosition() {
      assertEquals(
          "step-1",
          firstStep(withStep("{'action':{'type':'runCommand','input':{'command':'x'}}}"))
              .get("name")
              .textValue());
    }

    @Test
    void typeAndInputMustBeInsideTheAction() {
      assertEquals(
          List.of(
              new Violation(
                  "/steps/0/type", "not allowed beside \"action\": move it into \"action\""),
              new Violation(
                  "/steps/0/input", "not allowed beside \"action\": move it into \"action\"")),
          violations(
              withStep(
                  "{'type':'runCommand','input':{'command':'x'},"
                      + "'action':{'type':'runCommand','input':{'command':'x'}}}")));
    }

    @Test
    void aKeyMayBeGivenOnlyOnce() {
      assertOnlyViolation(
          withStep(
              "{'name':'A','action':{'name':'A','type':'runCommand','input':{'command':'x'}}}"),
          "/steps/0/action/name",
          "also given at /steps/0/name: give it only once");
    }

    @Test
    void rejectsUnknownKeysOnBothLevels() {
      assertEquals(
          List.of(
              new Violation("/steps/2/when", "unknown property \"when\""),
              new Violation("/steps/2/action/foo", "unknown property \"foo\"")),
          violations(
              "{'version':'1.0','steps':["
                  + "{'type':'runCommand','input':{'command':'a'}},"
                  + "{'type':'runCommand','input':{'command':'b'}},"
                  + "{'when':'now','action':{'foo':1,'type':'runCommand','input':{'command':'c'}}}]}"));
    }

    @Test
    void actionMustBeAnObject() {
      assertOnlyViolation(
          withStep("{'name':'x','action':'runCommand'}"), "/steps/0/action", "must be an object");
    }

    @Test
    void missingKeysAreReportedInsideTheAction() {
      assertEquals(
          List.of(
              new Violation("/steps/0/action/type", "is required"),
              new Violation("/steps/0/action/input", "is required")),
          violations(withStep("{'name':'x','action':{}}")));
    }

    @Test
    void violationsPointWhereTheValueWas() {
      assertEquals(
          List.of(
              new Violation("/steps/0/action/input/command", "must not be empty"),
              new Violation("/steps/0/ignoreStepFailure", "must be a boolean"),
              new Violation("/steps/0/action/allowStdErr", "must be an integer >= 0")),
          violations(
              withStep(
                  "{'ignoreStepFailure':'no',"
                      + "'action':{'type':'runCommand','input':{'command':''},'allowStdErr':-1}}")));
    }

    @Test
    void handlerReferencesPointWhereTheHandlerWas() {
      assertEquals(
          Map.of("/steps/0/action/input/handler", "download-file"),
          valid(withStep("{'action':{'type':'runHandler','input':{'handler':'download-file'}}}"))
              .handlerReferences());
    }
  }

  @Nested
  class PlaceholderUse {

    @Test
    void collectsPlaceholdersFromEveryString() {
      ValidatedDocument result =
          valid(
              "{'version':'1.0','steps':["
                  + "{'name':'{{NAME}}','type':'runCommand','input':{'command':'echo {{COMMAND}}'},'runAsUser':'{{USER}}'},"
                  + "{'type':'runHandler','input':{'handler':'{{HANDLER}}','args':['{{ARG}}'],'path':'/{{PATH}}'}}],"
                  + "'finalStep':{'action':{'type':'runCommand','input':{'command':'rm,{{FINAL}}'}}}}");
      assertEquals(
          List.of("ARG", "COMMAND", "FINAL", "HANDLER", "NAME", "PATH", "USER"),
          List.copyOf(result.placeholders()));
    }

    @Test
    void aDocumentWithoutPlaceholdersHasNone() {
      assertTrue(valid(withCommand("ls")).placeholders().isEmpty());
    }

    private static String malformed(String token) {
      return "malformed placeholder \""
          + token
          + "\": placeholders look like {{NAME}} with NAME matching [A-Z][A-Z0-9_]*";
    }

    @Test
    void reportsMalformedPlaceholdersAtTheirString() {
      assertOnlyViolation(
          withCommand("systemctl,restart,{{ name }}"),
          "/steps/0/input/command",
          malformed("{{ name }}"));
    }

    @Test
    void reportsEachMalformedPlaceholder() {
      assertEquals(
          List.of(
              new Violation("/steps/0/name", malformed("{{lower}}")),
              new Violation("/steps/0/input/args/0", malformed("{{}}")),
              new Violation("/steps/0/input/args/0", malformed("{{A-B}}"))),
          violations(
              withStep(
                  "{'name':'{{lower}}','type':'runHandler',"
                      + "'input':{'handler':'h','args':['{{}} {{A-B}} {{OK}}']}}")));
    }
  }

  @Nested
  class Reporting {

    @Test
    void reportsAllViolationsAtOnceInDocumentOrder() {
      assertEquals(
          List.of(
              new Violation("/extra", "unknown property \"extra\""),
              new Violation("/version", "must be \"1.0\""),
              new Violation("/includeStdOut", "must be a boolean"),
              new Violation("/steps/0/type", "must be \"runCommand\" or \"runHandler\""),
              new Violation("/steps/1/input/handler", "is required"),
              new Violation("/steps/1/runAsUser", "must be a string"),
              new Violation("/finalStep", "must be an object")),
          violations(
              "{'version':'0.9','includeStdOut':'yes','extra':true,'steps':["
                  + "{'type':'shell','input':{'command':'ls'}},"
                  + "{'type':'runHandler','input':{},'runAsUser':1}],'finalStep':'done'}"));
    }

    @Test
    void reportsAtMost50Violations() {
      ArrayNode steps = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < 60; i++) {
        steps.add("not a step");
      }
      ObjectNode document = JsonNodeFactory.instance.objectNode().put("version", "1.0");
      document.set("steps", steps);
      List<Violation> violations = violations(document);
      assertEquals(50, violations.size());
      assertEquals(new Violation("/steps/49", "must be an object"), violations.get(49));
    }

    @Test
    void exceptionMessageSummarisesTheFirstViolation() {
      InvalidJobDocumentException one =
          assertThrows(
              InvalidJobDocumentException.class,
              () -> validator.validate(json("{'version':'1.0'}")));
      assertEquals("/steps: is required", one.getMessage());

      InvalidJobDocumentException three =
          assertThrows(
              InvalidJobDocumentException.class,
              () ->
                  validator.validate(
                      json(
                          "{'a':1,'b':2,'steps':[{'type':'runCommand','input':{'command':'x'}}]}")));
      assertEquals("/a: unknown property \"a\" (and 2 more)", three.getMessage());
    }
  }

  @Nested
  class Size {

    /** A document of seven full-length commands plus one whose length is chosen by the test. */
    private String documentWithPadding(int padding) {
      StringBuilder steps = new StringBuilder();
      for (int i = 0; i < 7; i++) {
        steps
            .append("{'type':'runCommand','input':{'command':'")
            .append("x".repeat(4096))
            .append("'}},");
      }
      steps
          .append("{'type':'runCommand','input':{'command':'")
          .append("y".repeat(padding))
          .append("'}}");
      return "{'version':'1.0','steps':[" + steps + "]}";
    }

    private int compactSize(ValidatedDocument result) {
      return result.document().toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void acceptsDocumentsOfExactlyTheLimit() {
      int base = compactSize(valid(documentWithPadding(1))) - 1;
      int padding = JobDocumentValidator.MAX_BYTES - base;
      assertEquals(
          JobDocumentValidator.MAX_BYTES, compactSize(valid(documentWithPadding(padding))));

      assertOnlyViolation(
          documentWithPadding(padding + 1),
          "",
          "must be at most 32768 bytes as compact JSON, but is 32769 bytes");
    }

    @Test
    void countsUtf8BytesNotCharacters() {
      // 3 × 4096 euro signs are 12288 characters but 36864 bytes.
      String euros = "€".repeat(4096);
      String step = "{'type':'runCommand','input':{'command':'" + euros + "'}}";
      List<Violation> violations =
          violations("{'version':'1.0','steps':[" + step + "," + step + "," + step + "]}");
      assertEquals(1, violations.size());
      assertEquals("", violations.get(0).pointer());
      assertTrue(
          violations.get(0).message().startsWith("must be at most 32768 bytes as compact JSON"));
    }
  }

  @Nested
  class Immutability {

    @Test
    void doesNotModifyTheSubmittedDocument() {
      JsonNode submitted =
          json(
              "{'version':'1.0','steps':[{'action':{'name':' Pad ','type':'runHandler',"
                  + "'input':{'handler':'h','args':['a']},'ignoreStepFailure':'true','allowStdErr':2.0}}],"
                  + "'finalStep':{'type':'runCommand','input':{'command':'ls'}}}");
      JsonNode copy = submitted.deepCopy();
      ValidatedDocument result = validator.validate(submitted);
      assertEquals(copy, submitted);

      ((ObjectNode) result.document().get("steps").get(0).get("input")).put("handler", "changed");
      ((ArrayNode) result.document().get("steps").get(0).get("input").get("args")).add("b");
      assertEquals(copy, submitted);
    }

    @Test
    void doesNotModifyAnInvalidDocument() {
      JsonNode submitted =
          json("{'version':'1.0','steps':[{'action':{'type':'runX'},'name':'{{ x }}'}]}");
      JsonNode copy = submitted.deepCopy();
      violations(submitted);
      assertEquals(copy, submitted);
    }

    @Test
    void resultCollectionsAreReadOnly() {
      ValidatedDocument result = valid(RESTART_SERVICE);
      assertThrows(UnsupportedOperationException.class, () -> result.placeholders().add("X"));
      assertThrows(
          UnsupportedOperationException.class, () -> result.handlerReferences().put("/x", "y"));
    }

    @Test
    void validatesTheSameDocumentTheSameWayTwice() {
      assertEquals(valid(RESTART_SERVICE), valid(RESTART_SERVICE));
    }
  }
}
