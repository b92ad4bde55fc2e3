package io.devicejobs.agent;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One job while the agent runs it: its progress, and what the server last said about its execution. */
final class JobSession {

  private final PolledJob job;
  private final JobProgress progress;
  private final AtomicInteger version;
  private volatile String endedOnServer;

  JobSession(PolledJob job, JobProgress progress) {
    this.job = job;
    this.progress = progress;
    this.version = new AtomicInteger(job.version());
  }

  PolledJob job() {
    return job;
  }

  UUID jobId() {
    return job.jobId();
  }

  JobProgress progress() {
    return progress;
  }

  /** The execution's version as last heard from the server, for the next report's expected_version. */
  int version() {
    return version.get();
  }

  void versionIs(int current) {
    // Answers to reports may be read out of order with a heartbeat's; versions only ever grow.
    version.accumulateAndGet(current, Math::max);
  }

  /** The final state the server put the execution in behind the device's back, or null. */
  String endedOnServer() {
    return endedOnServer;
  }

  void endedOnServer(String status) {
    endedOnServer = status;
  }
}
