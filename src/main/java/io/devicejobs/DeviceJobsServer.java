package io.devicejobs;

import io.devicejobs.cli.ExpectedFailure;
import io.devicejobs.config.AppConfig;
import io.devicejobs.db.ConnectionFailures;
import io.devicejobs.db.Database;
import io.devicejobs.db.ListenerLease;
import io.devicejobs.db.NoticeBarrier;
import io.devicejobs.db.Sightings;
import io.devicejobs.executions.ExecutionStore;
import io.devicejobs.http.ApiVerticle;
import io.devicejobs.http.Contract;
import io.devicejobs.jobs.IdleDevices;
import io.devicejobs.jobs.JobMetrics;
import io.devicejobs.live.EventFeed;
import io.devicejobs.live.JobEventStore;
import io.devicejobs.live.LiveMetrics;
import io.devicejobs.live.LiveRetention;
import io.devicejobs.live.NotificationVerticle;
import io.devicejobs.live.socket.LiveSockets;
import io.devicejobs.ops.MeterSetup;
import io.devicejobs.scheduling.SchedulerVerticle;
import io.devicejobs.security.CredentialCache;
import io.devicejobs.security.CredentialStore;
import io.devicejobs.security.FirstAdminKey;
import io.devicejobs.security.LiveTickets;
import io.devicejobs.security.RateLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: the database (embedded or external), Vert.x with metrics, the connection pool and the
 * verticles. Starting is blocking and returns once the API listens; {@link #close()} shuts down gracefully.
 */
public final class DeviceJobsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceJobsServer.class);

  private final Database database;
  private final Vertx vertx;
  private final Pool pool;
  private final int port;
  private final AppConfig config;
  private final Shared shared;
  private final SchedulerVerticle scheduler;

  private DeviceJobsServer(
      AppConfig config,
      Database database,
      Vertx vertx,
      Pool pool,
      int port,
      Shared shared,
      SchedulerVerticle scheduler) {
    this.config = config;
    this.shared = shared;
    this.scheduler = scheduler;
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
    this.port = port;
  }

  public static DeviceJobsServer start(AppConfig config) throws IOException {
    Database database = Database.prepare(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MeterSetup.install(registry);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            // Route templates only: a raw path label
                            // would make one series per device.
                            .setLabels(
                                EnumSet.of(
                                    Label.HTTP_ROUTE,
                                    Label.HTTP_METHOD,
                                    Label.HTTP_CODE,
                                    Label.POOL_TYPE,
                                    Label.POOL_NAME))
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    Pool pool = null;
    try {
      pool = database.createPool(vertx, config.dbPoolSize());
      LiveMetrics liveMetrics = new LiveMetrics(registry);
      NoticeBarrier notices = new NoticeBarrier(new ListenerLease());
      Shared shared =
          new Shared(
              config,
              pool,
              registry,
              new IdleDevices(notices.lease()),
              new Sightings<>(),
              readContract(),
              new CredentialCache(notices.lease()),
              new Sightings<>(),
              new RateLimits(config.limits()),
              new EventFeed(new JobEventStore(pool), liveMetrics, config.live().catchUpInterval()),
              new LiveSockets(config.live().maxSockets(), liveMetrics),
              new JobMetrics(registry),
              notices);
      FirstAdminKey.ensure(new CredentialStore(pool), config).await(60, TimeUnit.SECONDS);
      SchedulerVerticle scheduler =
          new SchedulerVerticle(
              config,
              new ExecutionStore(pool),
              new CredentialStore(pool),
              new LiveRetention(
                  new JobEventStore(pool), new LiveTickets(pool), config.live().eventRetention()),
              shared.presence(),
              shared.keyUse(),
              shared.rateLimits(),
              shared.jobMetrics());
      vertx
          .deployVerticle(
              new NotificationVerticle(
                  Database.connectOptions(database.settings()),
                  shared.idleDevices(),
                  shared.credentials(),
                  shared.events(),
                  notices,
                  liveMetrics))
          .compose(id -> vertx.deployVerticle(scheduler))
          .await(60, TimeUnit.SECONDS);
      int port = deployApi(vertx, shared).await(60, TimeUnit.SECONDS);
      LOG.info(
          "device-jobs listening on http://{}:{}{} (database {})",
          config.host(),
          port,
          ApiVerticle.API_BASE,
          database.settings());
      return new DeviceJobsServer(config, database, vertx, pool, port, shared, scheduler);
    } catch (Exception e) {
      if (pool != null) {
        pool.close();
      }
      vertx.close();
      database.close();
      if (causedBy(e, BindException.class)) {
        throw new ExpectedFailure(
            "cannot listen on " + config.host() + ":" + config.port() + " (HOST, PORT): in use", e);
      }
      ExpectedFailure cannotConnect = ConnectionFailures.explain(e, database.settings());
      if (cannotConnect != null) {
        throw cannotConnect;
      }
      throw new IllegalStateException("the server did not start: " + e.getMessage(), e);
    }
  }

  /**
   * One API verticle per event loop, all sharing one port. PORT=0 means "any free port" (tests, several local
   * instances): one is chosen up front because instances listening on port 0 would each get a different one.
   */
  private static Future<Integer> deployApi(Vertx vertx, Shared shared) throws IOException {
    AppConfig config = shared.config();
    int port = config.port() == 0 ? freePort(config.host()) : config.port();
    ApiRoutes routes = new ApiRoutes(shared);
    List<Future<String>> instances = new ArrayList<>();
    for (int i = 0; i < config.httpInstances(); i++) {
      instances.add(vertx.deployVerticle(new ApiVerticle(config, port, routes)));
    }
    return Future.all(instances).map(port);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (kind.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  private static Buffer readContract() {
    try (InputStream in =
        DeviceJobsServer.class.getClassLoader().getResourceAsStream(Contract.RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + Contract.RESOURCE);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Shared shared() {
    return shared;
  }

  /** Runs the timeout sweep now instead of waiting for its timer (operations tooling and tests). */
  public Future<Integer> sweepTimeoutsNow() {
    return scheduler.sweepTimeouts();
  }

  /** Reads the fleet-wide execution gauges now instead of waiting for their timer. */
  public Future<Void> refreshFleetMetricsNow() {
    return scheduler.refreshFleetMetrics();
  }

  /** Deletes job events older than the replay window and expired WebSocket tickets now. */
  public Future<Integer> purgeLiveEventsNow() {
    return scheduler.purgeLiveEvents();
  }

  /** Deletes jobs past the execution retention now (EXECUTION_RETENTION_DAYS; nothing when it is 0). */
  public Future<Integer> purgeOldJobsNow() {
    return scheduler.purgeOldJobs();
  }

  /** Writes pending device presence now. */
  public Future<Integer> flushPresenceNow() {
    return scheduler.flushPresence();
  }

  /**
   * Graceful stop: the HTTP servers stop accepting and finish in-flight requests (undeploying the verticles),
   * then the pool closes, then the embedded database stops.
   */
  @Override
  public void close() {
    long waitMs = config.shutdownGrace().toMillis() + 10_000;
    try {
      vertx.deploymentIDs().stream()
          .map(vertx::undeploy)
          .toList()
          .forEach(undeploy -> awaitQuietly(undeploy, waitMs));
      awaitQuietly(pool.close(), 10_000);
      awaitQuietly(vertx.close(), 10_000);
    } finally {
      database.close();
      LOG.info("device-jobs stopped");
    }
  }

  private static void awaitQuietly(Future<?> future, long ms) {
    try {
      future.await(ms, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown step did not finish cleanly: {}", e.toString());
    }
  }
}
