package io.devicejobs.agent;

import io.devicejobs.agent.engine.ProgressListener;
import io.devicejobs.agent.engine.StepResult;
import java.util.UUID;

/**
 * The job the agent is running now, if any. It relays the engine's progress to that job's
 * {@link JobProgress}, and what the server says about the job's execution to its {@link JobSession}; when
 * the server says the execution is over (a force cancel, a timeout), the engine is stopped.
 */
final class CurrentJob implements ProgressListener, ReportOutbox.Listener {

  private final Runnable stopEngine;
  private volatile JobSession session;

  /** @param stopEngine cancels what the engine is running */
  CurrentJob(Runnable stopEngine) {
    this.stopEngine = stopEngine;
  }

  void begin(JobSession started) {
    session = started;
  }

  void end() {
    session = null;
  }

  @Override
  public void stepStarted(int index, String name) {
    JobSession running = session;
    if (running != null) {
      running.progress().stepStarted(index, name);
    }
  }

  @Override
  public void stepFinished(int index, String name, StepResult result) {
    JobSession running = session;
    if (running != null) {
      running.progress().stepFinished(index, name, result);
    }
  }

  @Override
  public void confirmed(UUID jobId, int version) {
    JobSession running = session;
    if (running != null && running.jobId().equals(jobId)) {
      running.versionIs(version);
    }
  }

  @Override
  public void ended(UUID jobId, String status) {
    JobSession running = session;
    if (running != null && running.jobId().equals(jobId)) {
      running.endedOnServer(status);
      stopEngine.run();
    }
  }
}
