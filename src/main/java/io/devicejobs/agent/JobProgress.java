package io.devicejobs.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.agent.engine.ProgressListener;
import io.devicejobs.agent.engine.StepOutcome;
import io.devicejobs.agent.engine.StepResult;
import java.util.Arrays;
import java.util.List;

/**
 * Follows a job's steps as the engine runs them (on the job's thread) and describes them for reports (on the
 * agent's thread), as {@code {"progress": {"steps_total", "steps_done", "current_step", "steps": [...]}}}
 * under {@code status_details}. The whole {@code progress} object is replaced by each report.
 */
final class JobProgress implements ProgressListener {

  private final List<String> names;
  private final String[] states;
  private final Integer[] exitCodes;
  private int done;
  private String current;

  JobProgress(List<String> stepNames) {
    this.names = List.copyOf(stepNames);
    this.states = new String[names.size()];
    this.exitCodes = new Integer[names.size()];
    Arrays.fill(states, "PENDING");
  }

  @Override
  public synchronized void stepStarted(int index, String name) {
    if (index < states.length) {
      states[index] = "RUNNING";
    }
    current = name;
  }

  @Override
  public synchronized void stepFinished(int index, String name, StepResult result) {
    if (index < states.length) {
      states[index] = state(result);
      exitCodes[index] = result.exitCode();
    }
    done++;
    current = null;
  }

  int stepCount() {
    return names.size();
  }

  synchronized ObjectNode snapshot() {
    ObjectNode progress = Json.object();
    progress.put("steps_total", names.size());
    progress.put("steps_done", done);
    progress.put("current_step", current);
    ArrayNode steps = progress.putArray("steps");
    for (int i = 0; i < names.size(); i++) {
      ObjectNode step = steps.addObject();
      step.put("name", names.get(i));
      step.put("state", states[i]);
      if (exitCodes[i] != null) {
        step.put("exit_code", exitCodes[i]);
      }
    }
    ObjectNode details = Json.object();
    details.set("progress", progress);
    return details;
  }

  private static String state(StepResult result) {
    if (result.failureIgnored()) {
      return "FAILED_IGNORED";
    }
    return result.outcome() == StepOutcome.SUCCEEDED ? "SUCCEEDED" : result.outcome().name();
  }
}
