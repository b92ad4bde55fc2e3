package io.devicejobs.faults;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An operator under load: executes jobs on every load device one after the other, each with an Idempotency-Key
 * of its own, and retries a job whose answer it did not get (no answer, 5xx, 503) with the same key and body
 * until it is created, so each key stands for exactly one job.
 */
final class LoadOperator implements Runnable {
  private static final long PACE_MILLIS = 100;

  private final List<ApiClient> servers;
  private final JsonArray devices;
  private final int jobs;
  private final Answers answers;
  private final AtomicBoolean running;

  /** Idempotency-Key → the job it created. */
  final Map<String, String> created = new ConcurrentHashMap<>();

  private int next;

  LoadOperator(
      List<Integer> ports, List<String> devices, int jobs, Answers answers, AtomicBoolean running) {
    this.servers = ports.stream().map(p -> new ApiClient(p).as(TestServer.ADMIN_KEY)).toList();
    this.devices = new JsonArray(List.copyOf(devices));
    this.jobs = jobs;
    this.answers = answers;
    this.running = running;
  }

  static String key(int n) {
    return "fault-job-" + n;
  }

  @Override
  public void run() {
    for (int n = 0; n < jobs && running.get(); n++) {
      String key = key(n);
      String body =
          new JsonObject()
              .put("job_name", key)
              .put("job_document", Fleet.document("true"))
              .put("target_type", "device")
              .put("target_devices", devices)
              .put("timeout_seconds", 600)
              .encode();
      while (running.get() && !created.containsKey(key)) {
        ApiClient.Response r =
            answers.call(
                "executeJob",
                () ->
                    server().sendWithHeader("POST", "/jobs/execute", body, "Idempotency-Key", key));
        if (r != null && r.status() == 201) {
          created.put(key, r.json().getJsonObject("job").getString("job_id"));
        } else if (r != null && r.status() < 500) {
          answers.problem("execute " + key + " answered " + r);
          return;
        } else {
          LoadDevice.pause(PACE_MILLIS);
        }
      }
      LoadDevice.pause(PACE_MILLIS);
    }
  }

  boolean done() {
    return created.size() == jobs;
  }

  private ApiClient server() {
    next = (next + 1) % servers.size();
    return servers.get(next);
  }
}
