package io.devicejobs.live;

import java.util.UUID;

/** A part of the event stream one can subscribe to: every event, one device's, or one job's. */
public record EventTopic(Kind kind, UUID id) {
  public enum Kind {
    ALL,
    DEVICE,
    JOB
  }

  public static final EventTopic ALL = new EventTopic(Kind.ALL, null);

  public static EventTopic device(UUID device) {
    return new EventTopic(Kind.DEVICE, device);
  }

  public static EventTopic job(UUID job) {
    return new EventTopic(Kind.JOB, job);
  }
}
