package io.devicejobs.agent.engine;

import java.time.Duration;

/** The human-readable reasons a job reports, worded in one place so they stay consistent. */
final class Reasons {

  /** Exception messages can be long; the server keeps at most 2000 characters of a reason. */
  private static final int MAX_MESSAGE_LENGTH = 1000;

  private Reasons() {}

  static String exited(String step, int exitCode) {
    return "step " + quote(step) + " exited with code " + exitCode;
  }

  static String killedBySignal(String step, int signal) {
    return "step " + quote(step) + " was killed by signal " + signal;
  }

  static String tooMuchStdErr(String step, long lines, int allowed) {
    return "step "
        + quote(step)
        + " wrote "
        + lines
        + (lines == 1 ? " line" : " lines")
        + " to stderr (allowed "
        + allowed
        + ")";
  }

  static String cannotStart(String step, String message) {
    String shown = message == null ? "unknown error" : message;
    if (shown.length() > MAX_MESSAGE_LENGTH) {
      shown = shown.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
    return "cannot start step " + quote(step) + ": " + shown;
  }

  static String timedOutDuring(Duration budget, String step) {
    return "job timed out after " + format(budget) + " during step " + quote(step);
  }

  static String timedOutBefore(Duration budget, String step) {
    return "job timed out after " + format(budget) + " before step " + quote(step);
  }

  static String canceledDuring(String step) {
    return "job canceled during step " + quote(step);
  }

  static String canceledBefore(String step) {
    return "job canceled before step " + quote(step);
  }

  /**
   * The nearest whole second, which is how timeouts are given (a timeout measured from a deadline is a few
   * milliseconds short of it). Milliseconds only for sub-second timeouts.
   */
  static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    long seconds = Math.round(millis / 1000.0);
    return seconds == 0 ? millis + "ms" : seconds + "s";
  }

  private static String quote(String step) {
    return "\"" + step + "\"";
  }
}
