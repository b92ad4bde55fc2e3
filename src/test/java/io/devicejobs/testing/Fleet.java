package io.devicejobs.testing;

import static io.devicejobs.testing.ApiAssertions.assertStatus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Devices and jobs for tests, made through the API unless there are too many for that. */
public final class Fleet {
  private final TestServer server;
  private final ApiClient api;
  private final Map<String, String> tokens;

  public Fleet(TestServer server) {
    this(server, new ConcurrentHashMap<>());
  }

  private Fleet(TestServer server, Map<String, String> tokens) {
    this.server = server;
    this.api = server.client();
    this.tokens = tokens;
  }

  /** The same devices, through another server instance. */
  public Fleet on(TestServer other) {
    return new Fleet(other, tokens);
  }

  /** A device's token: the one registration returned, or the one {@link #bulk} gave it. */
  public String token(String device) {
    return tokens.getOrDefault(device, BULK_TOKEN_PREFIX + device);
  }

  /** A client calling as the device. */
  public ApiClient as(String device) {
    return api.as(token(device));
  }

  private static final String BULK_TOKEN_PREFIX = "djd_bulk-";

  /** Registers devices named prefix-1..n, members of the given groups; returns their uuids. */
  public List<String> register(String prefix, int n, String... groups) {
    List<String> uuids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      JsonObject body =
          new JsonObject()
              .put("device_name", prefix + "-" + i)
              .put("groups", new JsonArray(List.of((Object[]) groups)));
      JsonObject registered = assertStatus(201, api.post("/devices", body));
      String uuid = registered.getJsonObject("device").getString("uuid");
      tokens.put(uuid, registered.getString("device_token"));
      uuids.add(uuid);
    }
    return uuids;
  }

  /** Inserts n devices in one statement, members of {@code group}; for fan-out at scale. */
  public void bulk(String prefix, int n, String group) {
    server.execute(
        "INSERT INTO device_groups (name) VALUES ('" + group + "') ON CONFLICT DO NOTHING");
    server.execute(
        "INSERT INTO devices (uuid, device_name) SELECT gen_random_uuid(), '"
            + prefix
            + "-' || i"
            + " FROM generate_series(1, "
            + n
            + ") AS i");
    // Tokens the tests can derive: djd_bulk-<uuid>.
    server.execute(
        "UPDATE devices SET token_hash = encode(sha256(convert_to('"
            + BULK_TOKEN_PREFIX
            + "' || uuid, 'UTF8')), 'hex')"
            + " WHERE device_name LIKE '"
            + prefix
            + "-%' AND token_hash IS NULL");
    server.execute(
        "INSERT INTO device_group_members (group_id, device_uuid) SELECT g.id, d.uuid FROM device_groups g,"
            + " devices d WHERE g.name = '"
            + group
            + "' AND d.device_name LIKE '"
            + prefix
            + "-%'");
  }

  /** An inline job document that runs the given commands. */
  public static JsonObject document(String... commands) {
    JsonArray steps = new JsonArray();
    for (String command : commands) {
      steps.add(
          new JsonObject()
              .put("type", "runCommand")
              .put("input", new JsonObject().put("command", command)));
    }
    return new JsonObject().put("version", "1.0").put("steps", steps);
  }

  /** Executes an inline document on the devices; returns the job. */
  public JsonObject executeOn(List<String> devices, JsonObject document) {
    return assertStatus(
            201,
            api.post(
                "/jobs/execute",
                new JsonObject()
                    .put("job_name", "test job")
                    .put("job_document", document)
                    .put("target_type", "device")
                    .put("target_devices", new JsonArray(new ArrayList<>(devices)))))
        .getJsonObject("job");
  }

  public JsonObject executeOn(List<String> devices) {
    return executeOn(devices, document("true"));
  }

  /** The device polls; the answer's JSON (empty for 204). */
  public ApiClient.Response poll(String device) {
    return as(device).get("/devices/" + device + "/jobs/next");
  }

  public ApiClient.Response report(String device, String jobId, JsonObject report) {
    return as(device).patch("/devices/" + device + "/jobs/" + jobId + "/status", report);
  }

  public JsonObject job(String jobId) {
    return assertStatus(200, api.get("/jobs/executions/" + jobId)).getJsonObject("job");
  }
}
