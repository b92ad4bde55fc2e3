package io.devicejobs.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The virtual devices that share one event loop, and their clock. A device's next poll is an entry in a queue
 * that one periodic tick works off, instead of a timer of its own: thousands of devices then cost the loop a
 * few hundred wake-ups a second, not one per poll. Everything a device does runs on this loop, so the queue
 * needs no locking. First polls are spread evenly over one poll interval, so a large fleet does not start with
 * a thundering herd.
 */
final class DeviceLoop extends VerticleBase {

  private static final long TICK_MILLIS = 5;

  /** Something to do at a time, in nanoseconds of {@link System#nanoTime()}. */
  private record Due(long at, Runnable action) {}

  private final List<VirtualDevice> devices;
  private final Duration spread;
  private final int firstIndex;
  private final int fleetSize;
  private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::at));

  /**
   * @param firstIndex the position of this loop's first device in the whole fleet, which places its first poll
   * @param fleetSize the number of devices in the whole fleet
   */
  DeviceLoop(List<VirtualDevice> devices, Duration spread, int firstIndex, int fleetSize) {
    this.devices = List.copyOf(devices);
    this.spread = spread;
    this.firstIndex = firstIndex;
    this.fleetSize = fleetSize;
  }

  @Override
  public Future<?> start() {
    for (int i = 0; i < devices.size(); i++) {
      devices.get(i).start(this::after, spread.toMillis() * (firstIndex + i) / fleetSize);
    }
    vertx.setPeriodic(TICK_MILLIS, tick -> runDue());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    devices.forEach(VirtualDevice::stop);
    return Future.succeededFuture();
  }

  /** Runs the action on this loop after about {@code millis} (to the next tick). Call on this loop only. */
  private void after(long millis, Runnable action) {
    queue.add(new Due(System.nanoTime() + millis * 1_000_000, action));
  }

  private void runDue() {
    long now = System.nanoTime();
    while (!queue.isEmpty() && queue.peek().at() - now <= 0) {
      queue.poll().action().run();
    }
  }
}
