package io.devicejobs.agent.engine;

import java.util.List;

/**
 * What a job document would do, read before anything runs: the names of its steps in the order they run
 * while nothing fails (the final step last), or why the engine would reject it.
 *
 * @param steps the step names; empty when the document is rejected
 * @param rejection the REJECTED reason, or null when the engine can run the document
 */
public record JobOutline(List<String> steps, String rejection) {

  public JobOutline {
    steps = List.copyOf(steps);
  }

  static JobOutline runnable(List<String> steps) {
    return new JobOutline(steps, null);
  }

  static JobOutline rejected(String reason) {
    return new JobOutline(List.of(), reason);
  }

  public boolean isRejected() {
    return rejection != null;
  }
}
