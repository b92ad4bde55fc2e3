package io.devicejobs.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Walks every operation of the contract with every kind of caller and checks who gets in, against the
 * hand-written table below (also printed in docs/security.md). A new operation without a row fails the test.
 */
class AccessMatrixTest {
  enum Caller {
    NONE,
    VIEWER,
    OPERATOR,
    ADMIN,
    OWN_DEVICE,
    OTHER_DEVICE
  }

  private static final Set<Caller> READ = Set.of(Caller.VIEWER, Caller.OPERATOR, Caller.ADMIN);
  private static final Set<Caller> RUN = Set.of(Caller.OPERATOR, Caller.ADMIN);
  private static final Set<Caller> ADMIN = Set.of(Caller.ADMIN);
  private static final Set<Caller> DEVICE = Set.of(Caller.OWN_DEVICE);
  private static final Set<Caller> READ_OR_DEVICE =
      Set.of(Caller.VIEWER, Caller.OPERATOR, Caller.ADMIN, Caller.OWN_DEVICE);
  private static final Set<Caller> PROVISIONING = Set.of();

  /** operationId → who may call it. */
  static final Map<String, Set<Caller>> ALLOWED = new LinkedHashMap<>();

  static {
    for (String op :
        List.of(
            "listTemplates",
            "getTemplate",
            "listExecutions",
            "getExecution",
            "listHandlers",
            "getHandler",
            "listDevices",
            "getDevice",
            "listGroups",
            "getGroup",
            "createWsTicket")) {
      ALLOWED.put(op, READ);
    }
    for (String op : List.of("executeJob", "previewJob", "cancelExecution", "rerunExecution")) {
      ALLOWED.put(op, RUN);
    }
    for (String op :
        List.of(
            "createTemplate",
            "updateTemplate",
            "deleteTemplate",
            "createHandler",
            "updateHandler",
            "deleteHandler",
            "registerDevice",
            "updateDevice",
            "deleteDevice",
            "putGroup",
            "deleteGroup",
            "addGroupDevices",
            "removeGroupDevice",
            "listApiKeys",
            "createApiKey",
            "revokeApiKey",
            "listProvisioningKeys",
            "createProvisioningKey",
            "revokeProvisioningKey",
            "rotateDeviceToken",
            "listAudit")) {
      ALLOWED.put(op, ADMIN);
    }
    for (String op : List.of("pollNextJob", "reportJobStatus", "downloadHandler")) {
      ALLOWED.put(op, DEVICE);
    }
    ALLOWED.put("listDeviceJobs", READ_OR_DEVICE);
    ALLOWED.put(
        "getMe",
        Set.of(
            Caller.VIEWER, Caller.OPERATOR, Caller.ADMIN, Caller.OWN_DEVICE, Caller.OTHER_DEVICE));
    ALLOWED.put("provisionDevice", PROVISIONING);
  }

  private static TestServer server;
  private static final Map<Caller, ApiClient> CLIENTS = new EnumMap<>(Caller.class);
  private static String ownDevice;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    ApiClient admin = server.client();
    Fleet fleet = new Fleet(server);
    List<String> devices = fleet.register("matrix", 2);
    ownDevice = devices.get(0);
    CLIENTS.put(Caller.NONE, admin.anonymous());
    CLIENTS.put(Caller.ADMIN, admin);
    for (Caller role : List.of(Caller.VIEWER, Caller.OPERATOR)) {
      String key =
          admin
              .post(
                  "/auth/keys",
                  new JsonObject().put("name", role.name()).put("role", role.name().toLowerCase()))
              .json()
              .getString("api_key");
      CLIENTS.put(role, admin.as(key));
    }
    CLIENTS.put(Caller.OWN_DEVICE, fleet.as(devices.get(0)));
    CLIENTS.put(Caller.OTHER_DEVICE, fleet.as(devices.get(1)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Map<String, Object>>> contractPaths() throws Exception {
    try (InputStream in =
        AccessMatrixTest.class.getClassLoader().getResourceAsStream("openapi/device-jobs.yaml")) {
      Map<String, Object> contract = new Yaml().load(in);
      return (Map<String, Map<String, Map<String, Object>>>) contract.get("paths");
    }
  }

  @Test
  void everyOperationAdmitsExactlyTheCallersInTheTable() throws Exception {
    Set<String> inContract = new TreeSet<>();
    List<String> wrong = new ArrayList<>();
    for (var path : contractPaths().entrySet()) {
      for (var operation : path.getValue().entrySet()) {
        if (!List.of("get", "post", "put", "patch", "delete").contains(operation.getKey())) {
          continue;
        }
        String id = (String) operation.getValue().get("operationId");
        inContract.add(id);
        Set<Caller> allowed = ALLOWED.get(id);
        if (allowed == null) {
          continue;
        }
        for (Caller caller : Caller.values()) {
          ApiClient.Response answer = call(caller, operation.getKey(), path.getKey());
          String problem = judge(id, caller, allowed.contains(caller), answer);
          if (problem != null) {
            wrong.add(problem);
          }
        }
      }
    }
    assertEquals(
        new TreeSet<>(ALLOWED.keySet()),
        inContract,
        "the table and the contract list the same operations");
    assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
  }

  /** Device callers address their own device; operators address resources that do not exist (nothing changes). */
  private static ApiClient.Response call(Caller caller, String method, String path) {
    boolean device = caller == Caller.OWN_DEVICE || caller == Caller.OTHER_DEVICE;
    String concrete =
        path.replace("{uuid}", device ? ownDevice : UUID.randomUUID().toString())
            .replace("{job_id}", UUID.randomUUID().toString())
            .replace("{id}", path.startsWith("/auth") ? UUID.randomUUID().toString() : "999999")
            .replace("{name}", "nothing-here");
    String body = method.equals("get") || method.equals("delete") ? null : "{}";
    return CLIENTS.get(caller).send(method.toUpperCase(), concrete, body, "application/json");
  }

  private static String judge(
      String op, Caller caller, boolean allowed, ApiClient.Response answer) {
    int status = answer.status();
    String expected;
    boolean ok;
    if (allowed) {
      expected = "anything but 401/403/404-for-isolation";
      ok = status != 401 && status != 403 && status != 429 && status < 500;
    } else if (caller == Caller.NONE) {
      expected = "401";
      ok = status == 401 && answer.header("WWW-Authenticate") != null;
    } else if (caller == Caller.OTHER_DEVICE && ALLOWED.get(op).contains(Caller.OWN_DEVICE)) {
      expected = "404 as for a device that does not exist";
      ok = status == 404;
    } else if (op.equals("provisionDevice")) {
      expected = "403 (an operator key or device token is not a provisioning key)";
      ok = status == 403;
    } else {
      expected = "403";
      ok = status == 403;
    }
    if (ok && status >= 400 && !answer.json().containsKey("error")) {
      return op + " as " + caller + ": error without the error model: " + answer;
    }
    return ok ? null : op + " as " + caller + ": expected " + expected + ", got " + answer;
  }

  /** docs/security.md prints this table; keep them the same. */
  @Test
  void theDocumentedMatrixIsTheTable() throws Exception {
    String doc = Files.readString(Path.of("docs/security.md"));
    for (var row : ALLOWED.entrySet()) {
      StringBuilder line = new StringBuilder("| `" + row.getKey() + "` |");
      for (Caller caller :
          List.of(Caller.VIEWER, Caller.OPERATOR, Caller.ADMIN, Caller.OWN_DEVICE)) {
        line.append(row.getValue().contains(caller) ? " yes |" : " no |");
      }
      assertTrue(doc.contains(line), () -> "docs/security.md lacks the row " + line);
    }
  }
}
