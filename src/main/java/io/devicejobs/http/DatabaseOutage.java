package io.devicejobs.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outage of the database as clients see it: the first 503 starts one (one WARN), the first success after it
 * ends it (one INFO with the number of 503s in between), so an outage logs two lines, not one per request.
 * One per server (kept in its Vert.x instance's local data), shared by every event loop: thread-safe.
 */
public final class DatabaseOutage implements Shareable {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
  private static final String MAP = "devicejobs.database-outage";

  private final AtomicLong refusals = new AtomicLong();
  private final Counter refused;

  /** An outage tracker whose 503s are counted in {@code registry} (null: not counted). */
  public DatabaseOutage(MeterRegistry registry) {
    this.refused =
        registry == null
            ? null
            : Counter.builder("devicejobs.database.unavailable.responses")
                .description(
                    "Requests answered 503 service_unavailable: the database was unreachable")
                .register(registry);
  }

  /** Makes this server's tracker count into its registry; call once at start, before serving. */
  public static void install(Vertx vertx, MeterRegistry registry) {
    map(vertx).putIfAbsent(MAP, new DatabaseOutage(registry));
  }

  /** The tracker of the server that runs on {@code vertx}. */
  static DatabaseOutage of(Vertx vertx) {
    LocalMap<String, DatabaseOutage> map = map(vertx);
    DatabaseOutage outage = map.get(MAP);
    if (outage != null) {
      return outage;
    }
    DatabaseOutage uncounted = new DatabaseOutage(null);
    DatabaseOutage raced = map.putIfAbsent(MAP, uncounted);
    return raced == null ? uncounted : raced;
  }

  private static LocalMap<String, DatabaseOutage> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }

  /** A request was answered 503 because the database is unavailable; true for the first of an outage. */
  public boolean refused() {
    if (refused != null) {
      refused.increment();
    }
    boolean first = refusals.getAndIncrement() == 0;
    if (first) {
      LOG.warn("database unavailable: answering 503 service_unavailable until it is back");
    }
    return first;
  }

  /** A database call succeeded; the number of 503s of the outage this ends, 0 when there was none. */
  public long succeeded() {
    if (refusals.get() == 0) {
      return 0; // the common case: no outage, no write
    }
    long refused = refusals.getAndSet(0);
    if (refused > 0) {
      LOG.info("database available again after {} requests answered 503", refused);
    }
    return refused;
  }
}
