package io.devicejobs.http;

import static io.devicejobs.testing.ApiAssertions.assertInvalidAt;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.security.AccessPolicy;
import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Request bodies are closed: a field the contract does not name is refused with 400 and its JSON
 * pointer, for every operation of the contract. Objects that are free-form on purpose say why in
 * {@code x-free-form}.
 */
class StrictRequestBodiesTest extends ServerTest {
  private static final String UNKNOWN = "no_such_field";
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  private JsonObject contract;
  private Map<String, AccessPolicy> policies;
  private String device;
  private String provisioningKey;

  @BeforeAll
  void readContractAndMakeCallers() throws IOException {
    contract = contract();
    policies = AccessPolicy.fromContract(contract);
    device = fleet.register("strict", 1).get(0);
    provisioningKey =
        assertStatus(
                201,
                api.post("/auth/provisioning-keys", new JsonObject().put("name", "strict-bodies")))
            .getString("key");
  }

  @Test
  void everyRequestBodySchemaIsClosedOrSaysWhyNot() {
    List<String> open = new ArrayList<>();
    int bodies = 0;
    for (Operation operation : operationsWithBodies()) {
      bodies++;
      walk(operation.bodySchema(), operation.id() + " body", false, open);
    }
    assertTrue(bodies >= 16, "request bodies in the contract: " + bodies);
    assertEquals(List.of(), open, "request schemas open to unknown fields without x-free-form");
  }

  @TestFactory
  List<DynamicTest> anUnknownFieldInAnyRequestBodyIsA400WithItsPointer() {
    return operationsWithBodies().stream()
        .map(
            operation ->
                DynamicTest.dynamicTest(
                    operation.id(),
                    () ->
                        assertInvalidAt(
                            "/" + UNKNOWN,
                            callerOf(operation)
                                .send(
                                    operation.method().toUpperCase(),
                                    concretePath(operation),
                                    new JsonObject().put(UNKNOWN, 1).encode(),
                                    "application/json"))))
        .toList();
  }

  @Test
  void anUnknownFieldInsideANestedObjectIsPointedAtToo() {
    JsonObject template =
        new JsonObject()
            .put("name", "strict nested")
            .put("job_document", new JsonObject().put("version", "1.0"))
            .put(
                "parameter_rules",
                new JsonObject().put("SERVICE", new JsonObject().put("patern", "^[a-z]+$")));
    assertInvalidAt("/parameter_rules/SERVICE/patern", api.post("/jobs/templates", template));
  }

  @Test
  void onlyUnknownFieldsAreMarkedUnknownNotKnownFieldsWithBadValues() {
    JsonObject body =
        new JsonObject()
            .put("job_name", "strict values")
            .put("target_type", "all")
            .put("priority", "high")
            .put("parameters", new JsonObject().put("A", 5))
            .put("colour", "red");
    JsonArray details =
        assertInvalidAt("/colour", api.post("/jobs/execute", body)).getJsonArray("details");
    List<String> unknown = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    details.stream()
        .map(JsonObject.class::cast)
        .forEach(
            d ->
                (d.containsKey("code") ? unknown : invalid)
                    .add(d.getString("pointer") + " " + d.getString("code", "")));
    assertEquals(List.of("/colour unknown_field"), unknown);
    assertTrue(invalid.contains("/priority "), invalid::toString);
    assertTrue(invalid.contains("/parameters/A "), invalid::toString);
  }

  @Test
  void aKnownFieldNextToAnUnknownOneIsStillRefused() {
    assertInvalidAt(
        "/colour",
        api.post(
            "/devices", new JsonObject().put("device_name", "strict-extra").put("colour", "red")));
    assertEquals(
        0,
        assertStatus(200, api.get("/devices?search=strict-extra")).getJsonArray("devices").size(),
        "nothing was written");
  }

  @Test
  void whatAgentsAndClientsOfTheOriginalDesignSendIsStillAccepted() {
    String job = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, fleet.poll(device));
    // The original design's CloudJobsAdapter spreads its details over the top level of the report.
    JsonObject report =
        new JsonObject()
            .put("status", "SUCCEEDED")
            .put("message", "Job completed successfully")
            .put("exit_code", 0)
            .put("stdout", "ok\n")
            .put("stderr", "")
            .put(
                "status_details",
                new JsonObject()
                    .put("message", "Job completed successfully")
                    .put("timestamp", "2026-12-04T06:00:00.000Z"));
    assertStatus(200, fleet.report(device, job, report));
    JsonObject template =
        new JsonObject()
            .put("name", "strict legacy")
            .put("is_system", false)
            .put("job_document", Fleet.document("echo,legacy"));
    assertStatus(201, api.post("/jobs/templates", template));
  }

  private ApiClient callerOf(Operation operation) {
    AccessPolicy policy = policies.get(operation.id());
    if (policy.devices()) {
      return fleet.as(device);
    }
    if (policy.provisioning()) {
      return api.as(provisioningKey);
    }
    return api;
  }

  /** Path parameters filled with well-formed values: validation runs before any row is looked up. */
  private String concretePath(Operation operation) {
    Matcher m = PATH_PARAMETER.matcher(operation.path());
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value =
          switch (name) {
            case "uuid" -> device;
            case "job_id" -> UUID.randomUUID().toString();
            case "id" -> "1";
            default -> "strict-" + name.replace('_', '-');
          };
      m.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    m.appendTail(path);
    return path.toString();
  }

  private void walk(JsonObject schema, String where, boolean closedByParent, List<String> open) {
    if (schema == null) {
      return;
    }
    if (schema.containsKey("$ref")) {
      walk(resolve(schema.getString("$ref")), where, closedByParent, open);
      return;
    }
    boolean closesItsParts = Boolean.FALSE.equals(schema.getValue("unevaluatedProperties"));
    for (Object part : schema.getJsonArray("allOf", new JsonArray())) {
      walk((JsonObject) part, where, closesItsParts, open);
    }
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    boolean isObject = "object".equals(schema.getValue("type")) || !properties.isEmpty();
    if (isObject
        && !closedByParent
        && !closesItsParts
        && !schema.containsKey("additionalProperties")
        && !schema.containsKey("x-free-form")) {
      open.add(where);
    }
    properties.forEach(p -> walk((JsonObject) p.getValue(), where + "/" + p.getKey(), false, open));
    if (schema.getValue("additionalProperties") instanceof JsonObject values) {
      walk(values, where + "/*", false, open);
    }
    if (schema.getValue("items") instanceof JsonObject items) {
      walk(items, where + "/items", false, open);
    }
  }

  private JsonObject resolve(String ref) {
    JsonObject node = contract;
    for (String part : ref.substring(2).split("/")) {
      node = node.getJsonObject(part);
    }
    return node;
  }

  private record Operation(String id, String method, String path, JsonObject bodySchema) {}

  private List<Operation> operationsWithBodies() {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation)
            || !operation.containsKey("requestBody")) {
          continue;
        }
        JsonObject body = operation.getJsonObject("requestBody");
        if (body.containsKey("$ref")) {
          body = resolve(body.getString("$ref"));
        }
        JsonObject schema =
            body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
        operations.add(new Operation(operation.getString("operationId"), method, path, schema));
      }
    }
    return operations;
  }

  private static JsonObject contract() throws IOException {
    try (InputStream in =
        StrictRequestBodiesTest.class.getClassLoader().getResourceAsStream(Contract.RESOURCE)) {
      return Contract.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
