package io.devicejobs.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes sure devices {@code <prefix>-1 … <prefix>-N} exist in group {@code <prefix>} and that the simulator
 * holds their tokens: devices already there (from an earlier run) are reused and given a new token (the
 * server shows a token only once), the others are registered. A bounded number of calls are in flight, and a
 * 429 is waited out as the server asks.
 */
final class Provisioner {

  private static final int PAGE = 1000;
  private static final int CALLS_IN_FLIGHT = 32;

  /** The fleet, in name order, and how many of its devices existed already. */
  record Fleet(List<SimulatedDevice> devices, int reused) {}

  private final Vertx vertx;
  private final FleetHttp http;
  private final String prefix;
  private final String apiKey;

  Provisioner(Vertx vertx, FleetHttp http, String prefix, String apiKey) {
    this.vertx = vertx;
    this.http = http;
    this.prefix = prefix;
    this.apiKey = apiKey;
  }

  Future<Fleet> provision(int count) {
    return existing(0, new HashMap<>())
        .compose(
            found -> {
              SimulatedDevice[] devices = new SimulatedDevice[count];
              AtomicInteger next = new AtomicInteger();
              List<Future<Void>> lanes = new ArrayList<>();
              for (int lane = 0; lane < Math.min(CALLS_IN_FLIGHT, count); lane++) {
                Promise<Void> done = Promise.promise();
                provisionNext(found, next, devices, done);
                lanes.add(done.future());
              }
              int reused = 0;
              for (int i = 0; i < count; i++) {
                reused += found.containsKey(name(i)) ? 1 : 0;
              }
              int existingOnes = reused;
              return Future.all(lanes).map(all -> new Fleet(Arrays.asList(devices), existingOnes));
            });
  }

  /** The group's devices by name, page by page. */
  private Future<Map<String, UUID>> existing(int offset, Map<String, UUID> found) {
    String path =
        "/devices?group="
            + URLEncoder.encode(prefix, StandardCharsets.UTF_8)
            + "&limit="
            + PAGE
            + "&offset="
            + offset;
    return call(HttpMethod.GET, path, null)
        .compose(
            answer -> {
              if (answer.status() == 404) {
                return Future.succeededFuture(found);
              }
              if (!answer.isSuccess()) {
                return Future.failedFuture(
                    "listing devices failed: HTTP " + answer.status() + " " + answer.body());
              }
              JsonArray devices = answer.json().getJsonArray("devices", new JsonArray());
              for (int i = 0; i < devices.size(); i++) {
                JsonObject device = devices.getJsonObject(i);
                found.put(
                    device.getString("device_name"), UUID.fromString(device.getString("uuid")));
              }
              return devices.size() < PAGE
                  ? Future.succeededFuture(found)
                  : existing(offset + PAGE, found);
            });
  }

  /** One lane: provisions the next device, then the next, until none is left. */
  private void provisionNext(
      Map<String, UUID> found, AtomicInteger next, SimulatedDevice[] devices, Promise<Void> done) {
    int index = next.getAndIncrement();
    if (index >= devices.length) {
      done.complete();
      return;
    }
    String name = name(index);
    UUID known = found.get(name);
    Future<SimulatedDevice> device = known == null ? register(name) : newToken(name, known);
    device
        .onSuccess(
            ready -> {
              devices[index] = ready;
              provisionNext(found, next, devices, done);
            })
        .onFailure(done::fail);
  }

  private Future<SimulatedDevice> register(String name) {
    JsonObject body =
        new JsonObject()
            .put("device_name", name)
            .put("device_type", "simulated")
            .put("groups", new JsonArray().add(prefix));
    return call(HttpMethod.POST, "/devices", body)
        .compose(
            answer -> {
              if (answer.status() != 201) {
                return Future.failedFuture(
                    "registering "
                        + name
                        + " failed: HTTP "
                        + answer.status()
                        + " "
                        + answer.body());
              }
              JsonObject registered = answer.json();
              return Future.succeededFuture(
                  new SimulatedDevice(
                      name,
                      UUID.fromString(registered.getJsonObject("device").getString("uuid")),
                      registered.getString("device_token")));
            });
  }

  /** A reused device's token was shown only when it was made: it gets a new one. */
  private Future<SimulatedDevice> newToken(String name, UUID uuid) {
    return call(HttpMethod.POST, "/devices/" + uuid + "/token", null)
        .compose(
            answer -> {
              if (answer.status() == 404 || answer.status() == 405 || answer.status() == 501) {
                // A server without device tokens.
                return Future.succeededFuture(new SimulatedDevice(name, uuid, null));
              }
              if (!answer.isSuccess()) {
                return Future.failedFuture(
                    "a new token for "
                        + name
                        + " failed: HTTP "
                        + answer.status()
                        + " "
                        + answer.body());
              }
              return Future.succeededFuture(
                  new SimulatedDevice(name, uuid, answer.json().getString("device_token")));
            });
  }

  /** An operator call; a 429 is retried after the Retry-After the server gave (1 s without one). */
  private Future<FleetHttp.Answer> call(HttpMethod method, String path, JsonObject body) {
    return http.send(method, path, apiKey, body)
        .compose(
            answer -> {
              if (answer.status() != 429) {
                return Future.succeededFuture(answer);
              }
              Promise<FleetHttp.Answer> retried = Promise.promise();
              long wait = Math.max(1, answer.retryAfterSeconds()) * 1000;
              vertx.setTimer(wait, timer -> call(method, path, body).onComplete(retried));
              return retried.future();
            });
  }

  private String name(int index) {
    return prefix + "-" + (index + 1);
  }
}
