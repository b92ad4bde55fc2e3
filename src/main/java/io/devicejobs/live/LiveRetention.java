package io.devicejobs.live;

import io.devicejobs.security.LiveTickets;
import io.vertx.core.Future;
import java.time.Duration;

/** Forgets what live job status no longer needs: events older than the replay window, expired tickets. */
public final class LiveRetention {
  private static final int BATCH = 10_000;

  private final JobEventStore events;
  private final LiveTickets tickets;
  private final Duration window;

  public LiveRetention(JobEventStore events, LiveTickets tickets, Duration window) {
    this.events = events;
    this.tickets = tickets;
    this.window = window;
  }

  /** Deletes in batches until nothing old is left; returns how many events went. */
  public Future<Integer> purge() {
    return tickets.purgeExpired().compose(ignored -> purgeEvents(0));
  }

  private Future<Integer> purgeEvents(int soFar) {
    return events
        .purge(window, BATCH)
        .compose(
            deleted ->
                deleted == BATCH
                    ? purgeEvents(soFar + deleted)
                    : Future.succeededFuture(soFar + deleted));
  }
}
