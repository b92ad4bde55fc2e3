package io.devicejobs.live;

/** The event-bus addresses of live job status. */
public final class LiveAddresses {
  /**
   * The feed's batches of events ({@link LiveBatch}), published once per batch; on every event loop that serves
   * WebSockets, one consumer routes them to the subscriptions there by device, job or "all"
   * (live/socket/EventRouter).
   */
  public static final String EVENTS = "devicejobs.live.events";

  private LiveAddresses() {}
}
