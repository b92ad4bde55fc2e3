package io.devicejobs.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes {@link LiveEvent}s between verticles of one process as they are (they are immutable): no copy per
 * subscriber. The event bus is not clustered, so there is no wire format.
 */
public final class LiveEventCodec implements MessageCodec<LiveEvent, LiveEvent> {
  @Override
  public void encodeToWire(Buffer buffer, LiveEvent event) {
    throw new UnsupportedOperationException("live events stay inside one process");
  }

  @Override
  public LiveEvent decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("live events stay inside one process");
  }

  @Override
  public LiveEvent transform(LiveEvent event) {
    return event;
  }

  @Override
  public String name() {
    return "devicejobs.live-event";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
