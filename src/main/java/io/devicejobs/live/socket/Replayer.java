package io.devicejobs.live.socket;

import io.devicejobs.live.EventTopic;
import io.devicejobs.live.JobEventStore;
import io.devicejobs.live.LiveEvent;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/** What a new subscription sends before going live: the events a client missed after {@code since_seq}. */
final class Replayer {
  private final JobEventStore store;
  private final Duration window;
  private final int maxEvents;

  Replayer(JobEventStore store, Duration window, int maxEvents) {
    this.store = store;
    this.window = window;
    this.maxEvents = maxEvents;
  }

  /** The events to send and the seq the subscription continues after. */
  record Replay(long cursor, List<LiveEvent> events) {}

  /**
   * The topic's events in (since, delivered], where {@code delivered} is the feed's position when the
   * subscription started listening: later ones reach it live. Without {@code since}, nothing is replayed.
   */
  Future<Replay> replay(EventTopic topic, Long since, long delivered) {
    if (since == null) {
      return Future.succeededFuture(new Replay(delivered, List.of()));
    }
    return store
        .checkReplay(since, window)
        .compose(
            check ->
                switch (check) {
                  case TOO_OLD ->
                      Future.failedFuture(
                          ProtocolError.reloadRequired(
                              "since_seq "
                                  + since
                                  + " is older than the replay window ("
                                  + window.toHours()
                                  + " h)"));
                  case AHEAD ->
                      Future.failedFuture(
                          ProtocolError.invalidField(
                              "since_seq",
                              since
                                  + " is beyond the last event; send the seq of the last frame received"));
                  case AVAILABLE ->
                      since >= delivered
                          // The client saw events this instance has not published yet: they follow
                          // live, those up to since are skipped.
                          ? Future.succeededFuture(new Replay(since, List.of()))
                          : store
                              .read(topic, since, delivered, maxEvents + 1)
                              .compose(
                                  page ->
                                      page.full()
                                          ? Future.failedFuture(
                                              ProtocolError.reloadRequired(
                                                  "more than " + maxEvents + " events to replay"))
                                          : Future.succeededFuture(
                                              new Replay(delivered, page.events())));
                });
  }
}
