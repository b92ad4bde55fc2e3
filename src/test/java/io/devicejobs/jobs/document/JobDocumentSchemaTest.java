package io.devicejobs.jobs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The contract's JSON Schema of a job document (components.schemas.JobDocument in openapi/device-jobs.yaml) is
 * normative and {@link JobDocumentValidator} enforces it, so both must give the same verdict on every document.
 * Each case states its expected verdict too, so that a schema that failed to load (accepting or rejecting
 * everything) cannot pass by agreeing with itself.
 *
 * <p>Left out of the corpus on purpose, because the validator checks what a JSON Schema cannot express (see
 * {@link #onlyTheValidatorChecks}):
 * <ul>
 *   <li>malformed placeholders such as {@code {{bad}}} in any string;</li>
 *   <li>NUL characters in any string (PostgreSQL cannot store them in jsonb);</li>
 *   <li>the 32 KiB limit on the compact JSON of the normalised document;</li>
 *   <li>a blank program (first argument) in an argument-list command, e.g. {@code ",ls"}.</li>
 * </ul>
 *
 * <p>Also left out: a name of 128 characters plus surrounding spaces, which the validator accepts (it trims
 * names before counting) and the schema refuses (it counts the spaces).
 *
 * And one quirk of the schema implementation rather than of the contract: Vert.x evaluates {@code pattern} with
 * java.util.regex, where {@code $} also matches before a final line break, so runAsUser {@code "root\n"} passes
 * the schema here although it fails under the ECMA-262 regular expressions JSON Schema specifies.
 */
class JobDocumentSchemaTest {
  // Single quotes keep the documents readable.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
  private static final String CONTRACT_ID = "app:///contract.json";
  private static final String LS = "{'type':'runCommand','input':{'command':'ls'}}";

  private static Validator schema;
  private final JobDocumentValidator validator = new JobDocumentValidator();

  @BeforeAll
  static void loadContractSchema() throws IOException {
    Map<String, Object> contract;
    ClassLoader loader = JobDocumentSchemaTest.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream("openapi/device-jobs.yaml")) {
      assertNotNull(in, "the contract is on the test classpath");
      contract = new Yaml().load(in);
    }
    // The whole contract is registered under one URI so
    // that its #/components/schemas/... refs resolve.
    SchemaRepository repository =
        SchemaRepository.create(
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app://"));
    repository.dereference(CONTRACT_ID, JsonSchema.of(new JsonObject(Json.encode(contract))));
    schema =
        repository.validator(
            JsonSchema.of(
                new JsonObject().put("$ref", CONTRACT_ID + "#/components/schemas/JobDocument")));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  private static String withSteps(String... steps) {
    return "{'version':'1.0','steps':[" + String.join(",", steps) + "]}";
  }

  /** The step {@link #LS} with more keys, e.g. {@code "'runAsUser':'root'"}. */
  private static String lsWith(String keys) {
    return "{'type':'runCommand','input':{'command':'ls'}," + keys + "}";
  }

  private static String repeat(String step, int times) {
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      steps.add(step);
    }
    return withSteps(steps.toArray(String[]::new));
  }

  private static Arguments valid(String name, String document) {
    return Arguments.of(name, true, document);
  }

  private static Arguments invalid(String name, String document) {
    return Arguments.of(name, false, document);
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        // The seeded templates, in the normalised form they are stored in.
        valid(
            "seed restart-service",
            "{'version':'1.0','includeStdOut':false,'steps':[{'name':'Restart Service',"
                + "'type':'runCommand','input':{'command':'systemctl,restart,{{SERVICE_NAME}}'},'runAsUser':'root',"
                + "'ignoreStepFailure':false}]}"),
        valid(
            "seed update-config",
            "{'version':'1.0','includeStdOut':false,'steps':["
                + "{'name':'Backup Config','type':'runCommand',"
                + "'input':{'command':'cp,{{CONFIG_PATH}},{{CONFIG_PATH}}.backup'},'ignoreStepFailure':false},"
                + "{'name':'Download New Config','type':'runHandler',"
                + "'input':{'handler':'download-file','args':['{{CONFIG_URL}}','{{CONFIG_PATH}}']},"
                + "'ignoreStepFailure':false}],"
                + "'finalStep':{'name':'Restart Service','type':'runCommand',"
                + "'input':{'command':'systemctl,restart,{{SERVICE_NAME}}'},'runAsUser':'root',"
                + "'ignoreStepFailure':false}}"),
        valid(
            "seed health-check",
            "{'version':'1.0','includeStdOut':true,'steps':["
                + "{'name':'Check Disk Space','type':'runCommand','input':{'command':'df,-h'},'ignoreStepFailure':false},"
                + "{'name':'Check Memory','type':'runCommand','input':{'command':'free,-h'},'ignoreStepFailure':false},"
                + "{'name':'Check Service','type':'runCommand','input':{'command':'systemctl,is-active,{{SERVICE_NAME}}'},"
                + "'ignoreStepFailure':false}]}"),
        valid("minimal flat step", withSteps(LS)),
        valid(
            "shell line command",
            withSteps("{'type':'runCommand','input':{'command':'docker ps | grep web'}}")),
        valid(
            "nested step",
            withSteps("{'name':'List','action':{'type':'runCommand','input':{'command':'ls'}}}")),
        valid(
            "nested step with keys split between step and action",
            withSteps(
                "{'name':'List','runAsUser':'root',"
                    + "'action':{'type':'runCommand','input':{'command':'ls'},'ignoreStepFailure':true,'allowStdErr':1}}")),
        valid(
            "nested finalStep",
            "{'version':'1.0','steps':["
                + LS
                + "],"
                + "'finalStep':{'action':{'type':'runCommand','input':{'command':'reboot'}}}}"),
        valid("ignoreStepFailure true", withSteps(lsWith("'ignoreStepFailure':true"))),
        valid("ignoreStepFailure \"false\"", withSteps(lsWith("'ignoreStepFailure':'false'"))),
        valid(
            "allowStdErr 0 and 3", withSteps(lsWith("'allowStdErr':0"), lsWith("'allowStdErr':3"))),
        // JSON Schema and the validator both count 2.0 as an integer.
        valid("allowStdErr 2.0", withSteps(lsWith("'allowStdErr':2.0"))),
        valid(
            "runAsUser name and placeholder",
            withSteps(lsWith("'runAsUser':'deploy_1'"), lsWith("'runAsUser':'{{DEPLOY_USER}}'"))),
        valid(
            "runHandler with args and path",
            withSteps(
                "{'name':'Back up','type':'runHandler','input':"
                    + "{'handler':'backup-directory','args':['/etc','etc-{{DATE}}'],'path':'/opt/handlers'}}")),
        valid(
            "runHandler with a placeholder handler",
            withSteps("{'type':'runHandler','input':{'handler':'{{HANDLER}}'}}")),
        valid("64 steps", repeat(LS, 64)),
        valid(
            "name inside a nested action",
            withSteps("{'action':{'name':'n','type':'runCommand','input':{'command':'ls'}}}")),
        invalid(
            "the same key on a nested step and its action",
            withSteps(
                "{'runAsUser':'root','action':"
                    + "{'runAsUser':'root','type':'runCommand','input':{'command':'ls'}}}")),
        invalid("blank name", withSteps(lsWith("'name':'   '"))),
        invalid("blank command", withSteps("{'type':'runCommand','input':{'command':'   '}}")),
        invalid(
            "blank handler path",
            withSteps("{'type':'runHandler','input':{'handler':'h','path':'  '}}")),
        invalid(
            "allowStdErr above the integer range", withSteps(lsWith("'allowStdErr':3000000000"))),
        invalid("root not an object", "[]"),
        invalid("missing version", "{'steps':[" + LS + "]}"),
        invalid("version \"2.0\"", "{'version':'2.0','steps':[" + LS + "]}"),
        invalid("version a number", "{'version':1.0,'steps':[" + LS + "]}"),
        invalid("missing steps", "{'version':'1.0'}"),
        invalid("empty steps", "{'version':'1.0','steps':[]}"),
        invalid("65 steps", repeat(LS, 65)),
        invalid("unknown root key", "{'version':'1.0','steps':[" + LS + "],'timeout':30}"),
        invalid(
            "includeStdOut \"true\"",
            "{'version':'1.0','includeStdOut':'true','steps':[" + LS + "]}"),
        invalid("step not an object", withSteps("'ls'")),
        invalid("unknown step key", withSteps(lsWith("'timeout':30"))),
        invalid("wrong type value", withSteps("{'type':'runScript','input':{'command':'ls'}}")),
        invalid("missing type", withSteps("{'input':{'command':'ls'}}")),
        invalid("missing input", withSteps("{'type':'runCommand'}")),
        invalid("empty name", withSteps(lsWith("'name':''"))),
        invalid("name of 129 characters", withSteps(lsWith("'name':'" + "n".repeat(129) + "'"))),
        invalid(
            "runCommand input with a handler key",
            withSteps("{'type':'runCommand','input':{'command':'ls','handler':'download-file'}}")),
        invalid(
            "input.command not a string",
            withSteps("{'type':'runCommand','input':{'command':42}}")),
        invalid("empty command", withSteps("{'type':'runCommand','input':{'command':''}}")),
        invalid(
            "runHandler without handler",
            withSteps("{'type':'runHandler','input':{'args':['x']}}")),
        invalid(
            "runHandler with a command",
            withSteps("{'type':'runHandler','input':{'handler':'h','command':'ls'}}")),
        invalid(
            "handler name with a space",
            withSteps("{'type':'runHandler','input':{'handler':'bad name'}}")),
        invalid(
            "args item not a string",
            withSteps("{'type':'runHandler','input':{'handler':'h','args':[1]}}")),
        invalid(
            "65 args",
            withSteps(
                "{'type':'runHandler','input':{'handler':'h','args':["
                    + String.join(",", Collections.nCopies(65, "'a'"))
                    + "]}}")),
        invalid("empty path", withSteps("{'type':'runHandler','input':{'handler':'h','path':''}}")),
        invalid("allowStdErr -1", withSteps(lsWith("'allowStdErr':-1"))),
        invalid("allowStdErr \"3\"", withSteps(lsWith("'allowStdErr':'3'"))),
        invalid("allowStdErr 1.5", withSteps(lsWith("'allowStdErr':1.5"))),
        invalid("ignoreStepFailure \"yes\"", withSteps(lsWith("'ignoreStepFailure':'yes'"))),
        invalid("ignoreStepFailure null", withSteps(lsWith("'ignoreStepFailure':null"))),
        invalid("runAsUser \"Root Space\"", withSteps(lsWith("'runAsUser':'Root Space'"))),
        invalid("runAsUser two placeholders", withSteps(lsWith("'runAsUser':'{{A}}{{B}}'"))),
        invalid(
            "nested step with type beside action",
            withSteps("{'type':'runCommand','action':{'input':{'command':'ls'}}}")),
        invalid(
            "nested step with unknown action key",
            withSteps("{'action':{'type':'runCommand','input':{'command':'ls'},'timeout':3}}")),
        invalid("nested step without input", withSteps("{'action':{'type':'runCommand'}}")),
        invalid(
            "finalStep not an object",
            "{'version':'1.0','steps':[" + LS + "],'finalStep':'reboot'}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void schemaAndValidatorAgree(String name, boolean expectedValid, String document) {
    JsonNode node = json(document);
    OutputUnit schemaVerdict = schema.validate(Json.decodeValue(node.toString()));
    assertEquals(
        expectedValid,
        schemaVerdict.getValid(),
        () -> "contract schema on " + name + ": " + schemaVerdict);
    String javaVerdict = javaVerdict(node);
    assertEquals(
        expectedValid,
        javaVerdict == null,
        () -> "JobDocumentValidator on " + name + ": " + javaVerdict);
  }

  /** The corpus is only meaningful if it has both verdicts and the three seeds. */
  @Test
  void corpusCoversBothVerdicts() {
    List<Arguments> cases = corpus().toList();
    assertTrue(cases.stream().anyMatch(c -> (boolean) c.get()[1]));
    assertTrue(cases.stream().anyMatch(c -> !(boolean) c.get()[1]));
    assertEquals(3, cases.stream().filter(c -> ((String) c.get()[0]).startsWith("seed ")).count());
    assertEquals(
        cases.size(),
        cases.stream().map(c -> c.get()[0]).distinct().count(),
        "case names are unique");
  }

  /**
   * The legitimate differences listed in the class comment: valid per the schema, rejected by the validator. If
   * the contract learns to express one, move it into the corpus.
   */
  @Test
  void onlyTheValidatorChecks() {
    String big = "x".repeat(4000);
    List<String> documents =
        List.of(
            withSteps("{'type':'runCommand','input':{'command':'ls {{bad}}'}}"),
            withSteps("{'type':'runCommand','input':{'command':'ls\\u0000'}}"),
            repeat("{'type':'runCommand','input':{'command':'echo " + big + "'}}", 9),
            withSteps("{'type':'runCommand','input':{'command':',ls'}}"));
    for (String document : documents) {
      JsonNode node = json(document);
      String shown = document.length() > 120 ? document.substring(0, 120) + "..." : document;
      assertTrue(
          schema.validate(Json.decodeValue(node.toString())).getValid(),
          () -> "schema accepts " + shown);
      assertFalse(javaVerdict(node) == null, () -> "validator rejects " + shown);
    }
  }

  /** @return null if the validator accepts the document, else its violations */
  private String javaVerdict(JsonNode document) {
    try {
      validator.validate(document);
      return null;
    } catch (InvalidJobDocumentException e) {
      return e.violations().toString();
    }
  }
}
