package io.devicejobs.live;

import java.util.UUID;

/** The event-bus addresses live job events are published on; WebSocket subscriptions listen to them. */
public final class LiveAddresses {
  /** Every event. */
  public static final String ALL = "devicejobs.live.all";
  private static final String DEVICE_PREFIX = "devicejobs.live.device.";
  private static final String JOB_PREFIX = "devicejobs.live.job.";

  private LiveAddresses() {
  }

  /** Status events of one device's executions. */
  public static String device(UUID device) {
    return DEVICE_PREFIX + device;
  }

  /** Status events of one job's executions and the job's progress events. */
  public static String job(UUID job) {
    return JOB_PREFIX + job;
  }
}
