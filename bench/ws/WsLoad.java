/*
 * Load generator of the live status benchmark (bench/ws/README.md). A single-file program run against a server
 * that is already up:
 *
 *   java -cp target/device-jobs.jar bench/ws/WsLoad.java
 *
 * Settings (environment): PORT (4078), ADMIN_KEY (required), DEVICES (1000), ALL_SOCKETS (10), RATE (updates per
 * second, 1000), DURATION (seconds measured, 60), WARMUP (seconds before that, 30).
 *
 * It registers DEVICES devices, opens one socket per device (subscribe:jobs) and ALL_SOCKETS sockets
 * (subscribe:all), queues enough jobs on every device, then makes RATE status updates per second, round-robin
 * over the devices: each device alternately claims its next job (poll) and reports it SUCCEEDED, so every update
 * is a real status change. For each update it takes the time its HTTP response arrives and the time its
 * job:status frame arrives on the device's socket and on each "all" socket (both on this machine's clock), and
 * prints the latency percentiles and the frames that never came; then, for every second since the first update
 * (warm-up included), the HTTP latency of the claims and of the reports sent in it, and the 100 ms windows whose
 * frames were slowest, with their wall-clock time to match with server and database logs.
 */
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

public class WsLoad {
  static final String API = "/api/v1";

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromEnvironment();
    Vertx vertx = Vertx.vertx();
    try {
      new WsLoad(vertx, settings).run();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** What the benchmark is asked to do. */
  record Settings(
      int port, String adminKey, int devices, int allSockets, int rate, int seconds, int warmup) {
    static Settings fromEnvironment() {
      String key = System.getenv("ADMIN_KEY");
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("set ADMIN_KEY to the server's admin key");
      }
      return new Settings(
          number("PORT", 4078),
          key,
          number("DEVICES", 1000),
          number("ALL_SOCKETS", 10),
          number("RATE", 1000),
          number("DURATION", 60),
          number("WARMUP", 30));
    }

    private static int number(String name, int fallback) {
      String value = System.getenv(name);
      return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
  }

  /** One device of the fleet: its token and where it is in its claim / report cycle. */
  static final class Device {
    final String uuid;
    final String token;
    boolean busy;
    String job;
    int version;

    Device(String uuid, String token) {
      this.uuid = uuid;
      this.token = token;
    }
  }

  /** One status update: when its answer came, and when its frames came (0 = not yet). */
  static final class Probe {
    final boolean measured;
    long answeredAt;
    long onDeviceSocket;
    final long[] onAllSockets;

    Probe(boolean measured, int allSockets) {
      this.measured = measured;
      this.onAllSockets = new long[allSockets];
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final HttpClient http;
  private final WebSocketClient sockets;
  private final List<Device> fleet = new ArrayList<>();
  private final Map<String, Probe> probes = new ConcurrentHashMap<>();
  private final List<WebSocket> open = new ArrayList<>();
  private final AtomicLong httpErrors = new AtomicLong();
  private final AtomicLong skippedBusy = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final List<Long> httpLatencies = Collections.synchronizedList(new ArrayList<>());

  /** HTTP latencies of claims and of reports by second since the first update, warm-up included. */
  private final Map<Long, List<Long>> claimsBySecond = new ConcurrentHashMap<>();

  private final Map<Long, List<Long>> reportsBySecond = new ConcurrentHashMap<>();
  private volatile long driveStartedAt;
  private volatile long driveStartedAtMillis;
  private volatile boolean measuring;

  WsLoad(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(settings.port())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(128));
    this.sockets =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
  }

  void run() throws Exception {
    long started = System.nanoTime();
    register();
    queueJobs();
    openSockets();
    System.err.printf(
        "set up %d devices and %d sockets in %.1f s%n",
        fleet.size(), open.size(), (System.nanoTime() - started) / 1e9);
    drive();
    report();
  }

  private void register() throws Exception {
    List<Future<Device>> registering = new ArrayList<>();
    for (int i = 0; i < settings.devices(); i++) {
      JsonObject body = new JsonObject().put("device_name", "ws-bench-" + i);
      registering.add(
          call(HttpMethod.POST, API + "/devices", settings.adminKey(), body)
              .map(
                  answer ->
                      new Device(
                          answer.getJsonObject("device").getString("uuid"),
                          answer.getString("device_token"))));
      if (registering.size() % 100 == 0) {
        Future.all(new ArrayList<>(registering)).await(60, TimeUnit.SECONDS);
      }
    }
    Future.all(registering).await(60, TimeUnit.SECONDS);
    registering.forEach(f -> fleet.add(f.result()));
  }

  /** Two updates per job and device (claim, report): enough jobs for the whole run, and one to spare. */
  private void queueJobs() throws Exception {
    int cycles =
        (int)
                Math.ceil(
                    (double) settings.rate()
                        * (settings.seconds() + settings.warmup() + 5)
                        / settings.devices()
                        / 2)
            + 1;
    for (int i = 0; i < cycles; i++) {
      JsonObject body =
          new JsonObject()
              .put("job_name", "ws-bench " + i)
              .put("target_type", "all")
              .put(
                  "job_document",
                  new JsonObject()
                      .put("version", "1.0")
                      .put(
                          "steps",
                          new JsonArray()
                              .add(
                                  new JsonObject()
                                      .put("type", "runCommand")
                                      .put("input", new JsonObject().put("command", "true")))));
      call(HttpMethod.POST, API + "/jobs/execute", settings.adminKey(), body)
          .await(60, TimeUnit.SECONDS);
    }
  }

  private void openSockets() throws Exception {
    List<Future<WebSocket>> opening = new ArrayList<>();
    for (Device device : fleet) {
      opening.add(
          subscribe(
              new JsonObject().put("type", "subscribe:jobs").put("device_uuid", device.uuid),
              frame -> probes.get(key(frame)),
              (probe, at) -> probe.onDeviceSocket = at));
    }
    for (int i = 0; i < settings.allSockets(); i++) {
      int slot = i;
      opening.add(
          subscribe(
              new JsonObject().put("type", "subscribe:all"),
              frame -> probes.get(key(frame)),
              (probe, at) -> probe.onAllSockets[slot] = at));
    }
    Future.all(opening).await(120, TimeUnit.SECONDS);
    opening.forEach(f -> open.add(f.result()));
  }

  interface Arrival {
    void record(Probe probe, long at);
  }

  /** Opens a socket, subscribes, and records the arrival of every job:status frame it gets. */
  private Future<WebSocket> subscribe(
      JsonObject subscription, Function<JsonObject, Probe> probeOf, Arrival arrival) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(settings.port())
            .setURI(API + "/ws")
            .addHeader("Authorization", "Bearer " + settings.adminKey());
    return sockets
        .connect(options)
        .compose(
            ws -> {
              var acked = Promise.<WebSocket>promise();
              ws.textMessageHandler(
                  text -> {
                    long at = System.nanoTime();
                    JsonObject frame = new JsonObject(text);
                    String type = frame.getString("type");
                    if ("job:status".equals(type)) {
                      Probe probe =
                          probes.computeIfAbsent(
                              key(frame), k -> new Probe(measuring, settings.allSockets()));
                      synchronized (probe) {
                        arrival.record(probe, at);
                      }
                    } else if ("ack".equals(type)) {
                      acked.tryComplete(ws);
                    } else if ("error".equals(type)) {
                      acked.tryFail(frame.encode());
                    }
                  });
              ws.writeTextMessage(subscription.encode());
              return acked.future();
            });
  }

  private static String key(JsonObject frame) {
    return frame.getString("device_uuid")
        + "|"
        + frame.getString("job_id")
        + "|"
        + frame.getInteger("version_number");
  }

  /** RATE updates per second, in ticks of 10 ms, round-robin over the devices; a device never has two in flight. */
  private void drive() throws Exception {
    int perTick = Math.max(1, settings.rate() / 100);
    long total = (long) settings.rate() * (settings.warmup() + settings.seconds());
    long measureFrom = (long) settings.rate() * settings.warmup();
    var done = Promise.<Void>promise();
    int[] next = {0};
    long startedAt = System.nanoTime();
    driveStartedAt = startedAt;
    driveStartedAtMillis = System.currentTimeMillis();
    vertx.setPeriodic(
        10,
        timer -> {
          // Catch up on ticks the timer ran late for, so that the rate holds.
          long due =
              Math.min(total, (System.nanoTime() - startedAt) / 10_000_000L * perTick + perTick);
          while (sent.get() < due) {
            measuring = sent.get() >= measureFrom;
            Device device = fleet.get(next[0]++ % fleet.size());
            sent.incrementAndGet();
            if (device.busy) {
              skippedBusy.incrementAndGet();
              continue;
            }
            update(device, measuring);
          }
          if (sent.get() >= total) {
            vertx.cancelTimer(timer);
            done.tryComplete();
          }
        });
    done.future().await(settings.warmup() + settings.seconds() + 120L, TimeUnit.SECONDS);
    System.err.printf(
        "sent %d updates in %.1f s%n", sent.get(), (System.nanoTime() - startedAt) / 1e9);
    awaitFrames();
  }

  private void update(Device device, boolean measured) {
    device.busy = true;
    long sentAt = System.nanoTime();
    boolean claiming = device.job == null;
    Future<JsonObject> answer =
        claiming
            ? call(
                HttpMethod.GET, API + "/devices/" + device.uuid + "/jobs/next", device.token, null)
            : call(
                HttpMethod.PATCH,
                API + "/devices/" + device.uuid + "/jobs/" + device.job + "/status",
                device.token,
                new JsonObject()
                    .put("status", "SUCCEEDED")
                    .put("expected_version", device.version));
    answer.onComplete(
        result -> {
          long at = System.nanoTime();
          device.busy = false;
          if (result.failed()) {
            httpErrors.incrementAndGet();
            return;
          }
          JsonObject execution =
              claiming ? result.result() : result.result().getJsonObject("execution");
          String job = execution.getString("job_id");
          int version = execution.getInteger("version_number");
          device.job = claiming ? job : null;
          device.version = version;
          if (measured) {
            httpLatencies.add(at - sentAt);
          }
          (claiming ? claimsBySecond : reportsBySecond)
              .computeIfAbsent(
                  (sentAt - driveStartedAt) / 1_000_000_000L,
                  second -> Collections.synchronizedList(new ArrayList<>()))
              .add(at - sentAt);
          Probe probe =
              probes.computeIfAbsent(
                  device.uuid + "|" + job + "|" + version,
                  k -> new Probe(measured, settings.allSockets()));
          synchronized (probe) {
            probe.answeredAt = at;
          }
        });
  }

  /** Frames still on their way get up to 10 s. */
  private void awaitFrames() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline && missing() > 0) {
      Thread.sleep(50);
    }
  }

  private long missing() {
    long missing = 0;
    for (Probe probe : probes.values()) {
      synchronized (probe) {
        if (probe.answeredAt == 0) {
          continue;
        }
        missing += probe.onDeviceSocket == 0 ? 1 : 0;
        for (long at : probe.onAllSockets) {
          missing += at == 0 ? 1 : 0;
        }
      }
    }
    return missing;
  }

  private void report() {
    List<Long> device = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    long updates = 0;
    long lost = 0;
    List<String> lostUpdates = new ArrayList<>();
    for (var entry : probes.entrySet()) {
      Probe probe = entry.getValue();
      synchronized (probe) {
        if (!probe.measured || probe.answeredAt == 0) {
          continue;
        }
        updates++;
        long lostBefore = lost;
        lost += collect(probe.answeredAt, probe.onDeviceSocket, device);
        for (long at : probe.onAllSockets) {
          lost += collect(probe.answeredAt, at, all);
        }
        if (lost > lostBefore) {
          lostUpdates.add(entry.getKey() + " (" + (lost - lostBefore) + " frames)");
        }
      }
    }
    // Which updates (device|job|version) did not reach the sockets, to look them up in job_events.
    lostUpdates.stream().limit(10).forEach(update -> System.err.println("lost: " + update));
    System.out.printf(
        "| sockets | updates/s | measured s | updates | frames expected | frames lost | http errors"
            + " | device p50 ms | device p99 ms | device max ms | all p50 ms | all p99 ms | all max ms |%n");
    System.out.printf(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n");
    System.out.printf(
        "| %d + %d | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s |%n",
        settings.devices(),
        settings.allSockets(),
        settings.rate(),
        settings.seconds(),
        updates,
        updates * (1 + settings.allSockets()),
        lost,
        httpErrors.get(),
        ms(percentile(device, 0.50)),
        ms(percentile(device, 0.99)),
        ms(percentile(device, 1.0)),
        ms(percentile(all, 0.50)),
        ms(percentile(all, 0.99)),
        ms(percentile(all, 1.0)));
    List<Long> http;
    synchronized (httpLatencies) {
      http = new ArrayList<>(httpLatencies);
    }
    System.out.printf(
        "%nThe updates themselves (HTTP request to response): p50 %s ms, p99 %s ms, max %s ms%n",
        ms(percentile(http, 0.50)), ms(percentile(http, 0.99)), ms(percentile(http, 1.0)));
    printPerSecond();
    printSlowestWindows();
    if (skippedBusy.get() > 0) {
      System.out.printf(
          "%n%d updates were skipped: their device's previous request had not been answered%n",
          skippedBusy.get());
    }
  }

  /** One line per second since the first update: whether slow answers are a warm-up, periodic or random. */
  private void printPerSecond() {
    System.out.printf(
        "%nPer second since the first update (w: warm-up), HTTP request to response:"
            + " claims n p50 p99 max | reports n p50 p99 max (ms)%n");
    long last =
        Math.max(
            claimsBySecond.keySet().stream().mapToLong(Long::longValue).max().orElse(-1),
            reportsBySecond.keySet().stream().mapToLong(Long::longValue).max().orElse(-1));
    for (long second = 0; second <= last; second++) {
      System.out.printf(
          "%s%03d %s | %s%n",
          second < settings.warmup() ? "w" : "s",
          second,
          summary(claimsBySecond.get(second)),
          summary(reportsBySecond.get(second)));
    }
  }

  /** The 100 ms windows (by HTTP answer, wall clock) whose device frames were slowest, to match with server logs. */
  private void printSlowestWindows() {
    Map<Long, Long> worst = new HashMap<>();
    Map<Long, Integer> count = new HashMap<>();
    for (Probe probe : probes.values()) {
      synchronized (probe) {
        if (!probe.measured || probe.answeredAt == 0 || probe.onDeviceSocket == 0) {
          continue;
        }
        long window = (probe.answeredAt - driveStartedAt) / 100_000_000L;
        worst.merge(window, Math.max(0, probe.onDeviceSocket - probe.answeredAt), Math::max);
        count.merge(window, 1, Integer::sum);
      }
    }
    System.out.printf(
        "%nSlowest 100 ms windows of the measurement, by HTTP answer: start (UTC), slowest device frame"
            + " (ms), updates answered in it%n");
    worst.entrySet().stream()
        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
        .limit(10)
        .forEach(
            e ->
                System.out.printf(
                    "%s %s %d%n",
                    Instant.ofEpochMilli(driveStartedAtMillis + e.getKey() * 100),
                    ms(e.getValue()),
                    count.get(e.getKey())));
  }

  private static String summary(List<Long> latencies) {
    if (latencies == null) {
      return "0";
    }
    List<Long> copy;
    synchronized (latencies) {
      copy = new ArrayList<>(latencies);
    }
    return String.format(
        "%4d %7s %7s %7s",
        copy.size(),
        ms(percentile(copy, 0.5)),
        ms(percentile(copy, 0.99)),
        ms(percentile(copy, 1.0)));
  }

  /** Adds the latency of one frame (a frame may beat the HTTP answer: that counts as 0); 1 if it never came. */
  private static int collect(long answeredAt, long frameAt, List<Long> into) {
    if (frameAt == 0) {
      return 1;
    }
    into.add(Math.max(0, frameAt - answeredAt));
    return 0;
  }

  private static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  private static String ms(long nanos) {
    return String.format("%.2f", nanos / 1e6);
  }

  /** A JSON request; fails unless the answer is 2xx with a JSON body. */
  private Future<JsonObject> call(HttpMethod method, String uri, String bearer, JsonObject body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setURI(uri)
            .putHeader("Authorization", "Bearer " + bearer);
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        content ->
                            response.statusCode() / 100 == 2 && content.length() > 0
                                ? Future.succeededFuture(content.toJsonObject())
                                : Future.failedFuture(
                                    method
                                        + " "
                                        + uri
                                        + " answered "
                                        + response.statusCode()
                                        + " "
                                        + content)));
  }
}
