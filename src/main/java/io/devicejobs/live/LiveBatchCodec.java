package io.devicejobs.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes {@link LiveBatch}es between verticles of one process as they are (they are immutable): no copy per
 * event loop. The event bus is not clustered, so there is no wire format.
 */
public final class LiveBatchCodec implements MessageCodec<LiveBatch, LiveBatch> {
  @Override
  public void encodeToWire(Buffer buffer, LiveBatch batch) {
    throw new UnsupportedOperationException("live events stay inside one process");
  }

  @Override
  public LiveBatch decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("live events stay inside one process");
  }

  @Override
  public LiveBatch transform(LiveBatch batch) {
    return batch;
  }

  @Override
  public String name() {
    return "devicejobs.live-batch";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
