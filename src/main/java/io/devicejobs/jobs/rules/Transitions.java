package io.devicejobs.jobs.rules;

import static io.devicejobs.jobs.rules.ExecutionStatus.CANCELED;
import static io.devicejobs.jobs.rules.ExecutionStatus.FAILED;
import static io.devicejobs.jobs.rules.ExecutionStatus.IN_PROGRESS;
import static io.devicejobs.jobs.rules.ExecutionStatus.QUEUED;
import static io.devicejobs.jobs.rules.ExecutionStatus.REJECTED;
import static io.devicejobs.jobs.rules.ExecutionStatus.REMOVED;
import static io.devicejobs.jobs.rules.ExecutionStatus.SUCCEEDED;
import static io.devicejobs.jobs.rules.ExecutionStatus.TIMED_OUT;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which status changes of an execution are allowed, and who may make them. Nothing leaves a terminal status.
 *
 * <p>A device may reject a queued job, report progress (again and again: a report is also a heartbeat), and
 * finish a job in progress. The service claims a queued job for a device, times out a job in progress,
 * cancels (a job in progress only when forced), and removes the executions of a deleted device.
 */
public final class Transitions {

  private static final Map<ExecutionStatus, Set<ExecutionStatus>> BY_DEVICE =
      Map.of(
          QUEUED, statuses(REJECTED),
          IN_PROGRESS, statuses(IN_PROGRESS, SUCCEEDED, FAILED, REJECTED));

  private static final Map<ExecutionStatus, Set<ExecutionStatus>> BY_SERVICE =
      Map.of(
          QUEUED, statuses(IN_PROGRESS, CANCELED, REMOVED),
          IN_PROGRESS, statuses(TIMED_OUT, CANCELED, REMOVED));

  private static final Set<ExecutionStatus> DEVICE_REPORTABLE =
      BY_DEVICE.values().stream()
          .collect(() -> EnumSet.noneOf(ExecutionStatus.class), Set::addAll, Set::addAll);

  private Transitions() {}

  public static boolean byDevice(ExecutionStatus from, ExecutionStatus to) {
    return BY_DEVICE.getOrDefault(from, Set.of()).contains(to);
  }

  /** For IN_PROGRESS to CANCELED the caller also checks that the cancel is forced: see {@link #cancelableFrom}. */
  public static boolean byService(ExecutionStatus from, ExecutionStatus to) {
    return BY_SERVICE.getOrDefault(from, Set.of()).contains(to);
  }

  /** The statuses a device may report: IN_PROGRESS, SUCCEEDED, FAILED and REJECTED. */
  public static Set<ExecutionStatus> deviceReportable() {
    return Collections.unmodifiableSet(EnumSet.copyOf(DEVICE_REPORTABLE));
  }

  /** The statuses from which a device may move an execution to {@code to}, in declaration order (for SQL). */
  public static Set<ExecutionStatus> allowedFromForDevice(ExecutionStatus to) {
    Set<ExecutionStatus> from = EnumSet.noneOf(ExecutionStatus.class);
    BY_DEVICE.forEach(
        (status, targets) -> {
          if (targets.contains(to)) {
            from.add(status);
          }
        });
    return Collections.unmodifiableSet(from);
  }

  /** The statuses a cancel applies to: queued executions, and those in progress when forced. */
  public static Set<ExecutionStatus> cancelableFrom(boolean force) {
    return force ? statuses(QUEUED, IN_PROGRESS) : statuses(QUEUED);
  }

  private static Set<ExecutionStatus> statuses(ExecutionStatus first, ExecutionStatus... rest) {
    return Collections.unmodifiableSet(EnumSet.of(first, rest));
  }
}
