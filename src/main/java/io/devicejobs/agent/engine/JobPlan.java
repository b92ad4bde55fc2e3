package io.devicejobs.agent.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A job document the engine knows how to run.
 *
 * @param finalStep runs after the steps when all of them succeeded, or null
 */
record JobPlan(boolean includeStdOut, List<PlannedStep> steps, PlannedStep finalStep) {

  JobPlan {
    steps = List.copyOf(steps);
  }

  /** The steps followed by the final step: the order in which they run while nothing fails. */
  List<PlannedStep> executionOrder() {
    List<PlannedStep> order = new ArrayList<>(steps);
    if (finalStep != null) {
      order.add(finalStep);
    }
    return order;
  }
}
