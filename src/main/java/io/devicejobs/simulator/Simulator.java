package io.devicejobs.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thousands of virtual devices in one process: provisioned (or reused) through the API, then each polling and
 * reporting like the agent, all on a few event loops and one pool of HTTP connections, so the thread count
 * does not grow with the fleet.
 */
public final class Simulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private static final int REAL_JOBS_AT_ONCE = 8;

  private final SimulatorOptions options;
  private final Vertx vertx;
  private final FleetHttp http;
  private final WorkerExecutor jobWorkers;
  private final SimulatorStats stats = new SimulatorStats();
  private final List<String> deployments = new ArrayList<>();
  private final AtomicInteger peakThreads = new AtomicInteger();
  private int reused;
  private long startedNanos;
  private long rampedUpNanos;
  private SimulatorStats.Snapshot atRampUp;
  private SimulatorStats.Snapshot lastSummary;
  private long lastSummaryNanos;

  private Simulator(SimulatorOptions options) {
    this.options = options;
    int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    // Daemon threads: the simulator never keeps a process alive on its own.
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(loops)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2)
                .setUseDaemonThread(true));
    this.http = new FleetHttp(vertx, options.server(), options.connections());
    this.jobWorkers =
        options.real()
            ? vertx.createSharedWorkerExecutor("simulator-jobs", REAL_JOBS_AT_ONCE)
            : null;
  }

  /** Provisions the fleet and starts it; returns once every device has its first poll scheduled. */
  public static Simulator start(SimulatorOptions options) throws Exception {
    Simulator simulator = new Simulator(options);
    try {
      simulator.launch();
      return simulator;
    } catch (Exception e) {
      simulator.close();
      throw e;
    }
  }

  private void launch() throws Exception {
    long provisioning = System.nanoTime();
    Provisioner.Fleet provisioned =
        new Provisioner(vertx, http, options.prefix(), options.apiKey())
            .provision(options.devices())
            .await(10, TimeUnit.MINUTES);
    List<SimulatedDevice> fleet = provisioned.devices();
    reused = provisioned.reused();
    LOG.info(
        "{} devices ready in {} ms ({} reused, {} registered) in group {}",
        fleet.size(),
        (System.nanoTime() - provisioning) / 1_000_000,
        reused,
        fleet.size() - reused,
        options.prefix());
    SimulatedWork work =
        options.real()
            ? new RealWork(
                jobWorkers, options.server(), Files.createTempDirectory("device-jobs-simulator-"))
            : new FakeWork(vertx, options.jobDuration(), options.successRatio(), Math::random);
    DeviceReporter reporter = new DeviceReporter(vertx, http, stats);
    int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    int perLoop = (fleet.size() + loops - 1) / loops;
    startedNanos = System.nanoTime();
    lastSummaryNanos = startedNanos;
    lastSummary = stats.snapshot();
    for (int first = 0; first < fleet.size(); first += perLoop) {
      List<VirtualDevice> slice = new ArrayList<>();
      for (SimulatedDevice device : fleet.subList(first, Math.min(fleet.size(), first + perLoop))) {
        slice.add(
            new VirtualDevice(
                device, http, reporter, work, stats, options.pollInterval(), options.logJobs()));
      }
      deployments.add(
          vertx
              .deployVerticle(new DeviceLoop(slice, options.pollInterval(), first, fleet.size()))
              .await(1, TimeUnit.MINUTES));
    }
    // The first polls are spread over one interval and
    // run on a cold JVM: rates are measured after that.
    vertx.setTimer(
        warmUp().toMillis(),
        timer -> {
          atRampUp = stats.snapshot();
          rampedUpNanos = System.nanoTime();
        });
    if (options.summaryEvery() != null) {
      vertx.setPeriodic(
          options.summaryEvery().toMillis(), timer -> System.out.println(summaryLine()));
    }
  }

  /** An operator call (with the API key, when set) on the simulator's connections, e.g. to queue a job. */
  Future<FleetHttp.Answer> operatorCall(HttpMethod method, String path, JsonObject body) {
    return http.send(method, path, options.apiKey(), body);
  }

  public SimulatorStats stats() {
    return stats;
  }

  /** One line on the last period: polls/s, jobs, errors, threads. */
  synchronized String summaryLine() {
    long now = System.nanoTime();
    SimulatorStats.Snapshot current = stats.snapshot();
    double seconds = Math.max(1e-3, (now - lastSummaryNanos) / 1e9);
    String line =
        String.format(
            Locale.ROOT,
            "[%4ds] polls/s %7.0f | jobs done %d (%d failed) | running %d | errors %d (%.3f%%) | threads %d",
            (now - startedNanos) / 1_000_000_000L,
            (current.polls() - lastSummary.polls()) / seconds,
            current.jobsDone(),
            current.jobsFailed(),
            running(current),
            current.errors(),
            current.errorPercent(),
            threads());
    lastSummary = current;
    lastSummaryNanos = now;
    return line;
  }

  /** The figures of the whole run. */
  public synchronized String finalSummary() {
    long now = System.nanoTime();
    SimulatorStats.Snapshot end = stats.snapshot();
    SimulatorStats.Snapshot from =
        atRampUp == null ? new SimulatorStats.Snapshot(0, 0, 0, 0, 0, 0, 0, 0) : atRampUp;
    long fromNanos = atRampUp == null ? startedNanos : rampedUpNanos;
    double seconds = Math.max(1e-3, (now - fromNanos) / 1e9);
    return String.format(
        Locale.ROOT,
        String.join(
            "%n",
            "devices         %d (%d reused, %d registered), poll interval %d ms, ran %.1f s",
            "polls           %d, %.0f/s sustained (after a %d s warm-up)",
            "reports         %d",
            "jobs            %d started, %d succeeded, %d failed, %d ended by the server, %d running",
            "errors          %d of %d requests (%.3f%%)",
            "threads         %d now, %d at most"),
        options.devices(),
        reused,
        options.devices() - reused,
        options.pollInterval().toMillis(),
        (now - startedNanos) / 1e9,
        end.polls(),
        (end.polls() - from.polls()) / seconds,
        warmUp().toSeconds(),
        end.reports(),
        end.jobsStarted(),
        end.jobsSucceeded(),
        end.jobsFailed(),
        end.jobsEndedByServer(),
        running(end),
        end.errors(),
        end.requests(),
        end.errorPercent(),
        threads(),
        peakThreads.get());
  }

  /** One poll interval, at least 5 s. */
  private Duration warmUp() {
    Duration fiveSeconds = Duration.ofSeconds(5);
    return options.pollInterval().compareTo(fiveSeconds) > 0 ? options.pollInterval() : fiveSeconds;
  }

  private int threads() {
    int now = ThreadCount.now();
    peakThreads.accumulateAndGet(now, Math::max);
    return now;
  }

  private static long running(SimulatorStats.Snapshot snapshot) {
    return snapshot.jobsStarted() - snapshot.jobsDone() - snapshot.jobsEndedByServer();
  }

  @Override
  public void close() {
    List<Future<Void>> stops = deployments.stream().map(vertx::undeploy).toList();
    try {
      Future.all(stops).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("virtual devices did not stop cleanly: {}", e.toString());
    }
    http.close();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("the simulator's event loops did not stop cleanly: {}", e.toString());
    }
  }

  /** {@code simulate}: runs for the configured duration (or until SIGTERM), printing summaries, then the totals. */
  public static void run(SimulatorOptions options) throws Exception {
    Simulator simulator = start(options);
    Thread printer =
        new Thread(
            () -> {
              System.out.println(simulator.finalSummary());
              simulator.close();
            },
            "simulator-shutdown");
    Runtime.getRuntime().addShutdownHook(printer);
    if (options.duration() == null) {
      // Until SIGTERM or Ctrl-C, whose hook prints the totals.
      Thread.currentThread().join();
      return;
    }
    Thread.sleep(options.duration().toMillis());
    Runtime.getRuntime().removeShutdownHook(printer);
    System.out.println(simulator.finalSummary());
    simulator.close();
  }
}
