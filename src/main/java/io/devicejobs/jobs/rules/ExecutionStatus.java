package io.devicejobs.jobs.rules;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The status of one job on one device. The names are those stored and sent over the API. */
public enum ExecutionStatus {
  QUEUED,
  IN_PROGRESS,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  REJECTED,
  CANCELED,
  REMOVED;

  private static final Map<String, ExecutionStatus> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  /** A terminal execution never changes again. */
  public boolean isTerminal() {
    return this != QUEUED && this != IN_PROGRESS;
  }

  /** Exact and case-sensitive, unlike {@link #valueOf}, and without an exception for unknown text. */
  public static Optional<ExecutionStatus> parse(String name) {
    return Optional.ofNullable(name).map(BY_NAME::get);
  }
}
