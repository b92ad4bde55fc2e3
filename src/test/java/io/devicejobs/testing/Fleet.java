package io.devicejobs.testing;

import static io.devicejobs.testing.ApiAssertions.assertStatus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Devices and jobs for tests, made through the API unless there are too many for that. */
public final class Fleet {
  private final TestServer server;
  private final ApiClient api;

  public Fleet(TestServer server) {
    this.server = server;
    this.api = server.client();
  }

  /** Registers devices named prefix-1..n, members of the given groups; returns their uuids. */
  public List<String> register(String prefix, int n, String... groups) {
    List<String> uuids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      JsonObject body = new JsonObject().put("device_name", prefix + "-" + i).put("groups", new JsonArray(List.of((Object[]) groups)));
      uuids.add(assertStatus(201, api.post("/devices", body)).getJsonObject("device").getString("uuid"));
    }
    return uuids;
  }

  /** Inserts n devices in one statement, members of {@code group}; for fan-out at scale. */
  public void bulk(String prefix, int n, String group) {
    server.execute("INSERT INTO device_groups (name) VALUES ('" + group + "') ON CONFLICT DO NOTHING");
    server.execute("INSERT INTO devices (uuid, device_name) SELECT gen_random_uuid(), '" + prefix + "-' || i"
        + " FROM generate_series(1, " + n + ") AS i");
    server.execute("INSERT INTO device_group_members (group_id, device_uuid) SELECT g.id, d.uuid FROM device_groups g,"
        + " devices d WHERE g.name = '" + group + "' AND d.device_name LIKE '" + prefix + "-%'");
  }

  /** An inline job document that runs the given commands. */
  public static JsonObject document(String... commands) {
    JsonArray steps = new JsonArray();
    for (String command : commands) {
      steps.add(new JsonObject().put("type", "runCommand").put("input", new JsonObject().put("command", command)));
    }
    return new JsonObject().put("version", "1.0").put("steps", steps);
  }

  /** Executes an inline document on the devices; returns the job. */
  public JsonObject executeOn(List<String> devices, JsonObject document) {
    return assertStatus(201, api.post("/jobs/execute", new JsonObject().put("job_name", "test job")
        .put("job_document", document).put("target_type", "device").put("target_devices", new JsonArray(new ArrayList<>(devices)))))
        .getJsonObject("job");
  }

  public JsonObject executeOn(List<String> devices) {
    return executeOn(devices, document("true"));
  }

  /** The device polls; the answer's JSON (empty for 204). */
  public ApiClient.Response poll(String device) {
    return api.get("/devices/" + device + "/jobs/next");
  }

  public ApiClient.Response report(String device, String jobId, JsonObject report) {
    return api.patch("/devices/" + device + "/jobs/" + jobId + "/status", report);
  }

  public JsonObject job(String jobId) {
    return assertStatus(200, api.get("/jobs/executions/" + jobId)).getJsonObject("job");
  }
}
