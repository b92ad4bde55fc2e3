package io.devicejobs.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The resources one operation is fuzzed against, made for it alone (so that what one operation's cases change or
 * delete never decides another's): a device in a group with its token and a claimed job, a handler, a template, an
 * operator key and a provisioning key. Path parameters name them, and bodies refer to them, so the
 * cases get past "not found" into the code behind.
 */
final class OperationFixture {
  final String device;
  final String deviceToken;
  final String group;
  final String handler;
  final long template;
  final String job;
  final String apiKey;
  final String provisioningKeyId;
  final String provisioningKey;

  private OperationFixture(
      String device,
      String deviceToken,
      String group,
      String handler,
      long template,
      String job,
      String apiKey,
      String provisioningKeyId,
      String provisioningKey) {
    this.device = device;
    this.deviceToken = deviceToken;
    this.group = group;
    this.handler = handler;
    this.template = template;
    this.job = job;
    this.apiKey = apiKey;
    this.provisioningKeyId = provisioningKeyId;
    this.provisioningKey = provisioningKey;
  }

  static OperationFixture create(ApiClient admin, String prefix, AuditTally tally) {
    String group = prefix + "-group";
    JsonObject registered =
        created(
            tally,
            "registerDevice",
            admin.post(
                "/devices",
                new JsonObject()
                    .put("device_name", prefix + "-device")
                    .put("groups", new JsonArray().add(group))));
    String device = registered.getJsonObject("device").getString("uuid");
    String handler = prefix + "-handler";
    created(
        tally,
        "createHandler",
        admin.post(
            "/jobs/handlers",
            new JsonObject()
                .put("name", handler)
                .put("script_type", "sh")
                .put("script", "echo fuzz")));
    long template =
        created(
                tally,
                "createTemplate",
                admin.post(
                    "/jobs/templates",
                    new JsonObject()
                        .put("name", prefix + "-template")
                        .put("category", "fuzz")
                        .put("job_document", Fleet.document("echo fuzz"))))
            .getJsonObject("template")
            .getLong("id");
    String job =
        created(
                tally,
                "executeJob",
                admin.post(
                    "/jobs/execute",
                    new JsonObject()
                        .put("job_name", prefix + "-job")
                        .put("template_id", template)
                        .put("target_type", "device")
                        .put("target_devices", new JsonArray().add(device))))
            .getJsonObject("job")
            .getString("job_id");
    String deviceToken = registered.getString("device_token");
    ApiClient.Response claim = admin.as(deviceToken).get("/devices/" + device + "/jobs/next");
    assertEquals(200, claim.status(), () -> "the fixture's device claims its job: " + claim);
    String apiKey =
        created(
                tally,
                "createApiKey",
                admin.post(
                    "/auth/keys",
                    new JsonObject().put("name", prefix + "-key").put("role", "viewer")))
            .getJsonObject("key")
            .getString("id");
    JsonObject provisioning =
        created(
            tally,
            "createProvisioningKey",
            admin.post("/auth/provisioning-keys", new JsonObject().put("name", prefix + "-prov")));
    return new OperationFixture(
        device,
        deviceToken,
        group,
        handler,
        template,
        job,
        apiKey,
        provisioning.getJsonObject("provisioning_key").getString("id"),
        provisioning.getString("key"));
  }

  private static JsonObject created(AuditTally tally, String operation, ApiClient.Response r) {
    assertEquals(201, r.status(), () -> "fixture " + operation + ": " + r);
    tally.answered(operation, r.status());
    return r.json();
  }

  /** The secret the operation's own callers present: the device's token, the provisioning key, or the admin's. */
  String credential(ContractOperation operation) {
    if (operation.deviceCaller()) {
      return deviceToken;
    }
    if (operation.provisioningCaller()) {
      return provisioningKey;
    }
    return TestServer.ADMIN_KEY;
  }

  /**
   * The fixture a path parameter names: {@code {uuid}} and {@code {job_id}} by name, {@code {id}} and {@code
   * {name}} by the collection before them; null for one it does not know (then a valid value is made up).
   */
  String pathValue(String path, String parameter) {
    switch (parameter) {
      case "uuid":
        return device;
      case "job_id":
        return job;
      default:
        break;
    }
    List<String> segments = List.of(path.split("/"));
    int at = segments.indexOf("{" + parameter + "}");
    String collection = at > 0 ? segments.get(at - 1) : "";
    return switch (collection) {
      case "templates" -> Long.toString(template);
      case "handlers" -> handler;
      case "groups" -> group;
      case "keys" -> apiKey;
      case "provisioning-keys" -> provisioningKeyId;
      default -> null;
    };
  }

  /** A value for a schema of the contract's components, by name, when it names one of these resources. */
  Object forSchema(String name) {
    return switch (name) {
      case "Uuid" -> device;
      case "GroupName" -> group;
      default -> null;
    };
  }

  /**
   * Values for body fields that a schema alone cannot make valid (a job document, a status a device may report),
   * by field name; null for others.
   */
  Object forProperty(String name) {
    return switch (name) {
      case "job_document" -> Fleet.document("true");
      case "target_devices" -> new JsonArray().add(device);
      case "status" -> "IN_PROGRESS";
      case "devices" -> "all";
      case "script" -> "echo fuzz";
      default -> null;
    };
  }
}
