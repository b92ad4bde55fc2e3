package io.devicejobs.http;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outage of the database as clients see it: the first 503 starts one (one WARN), the first success after it
 * ends it (one INFO with the number of 503s in between), so an outage logs two lines, not one per request.
 * Thread-safe: every event loop reports here.
 */
public final class DatabaseOutage {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);

  private final AtomicLong refusals = new AtomicLong();

  /** A request was answered 503 because the database is unavailable; true for the first of an outage. */
  public boolean refused() {
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
