package io.devicejobs.simulator;

import java.util.concurrent.atomic.LongAdder;

/** Counters shared by all virtual devices; cheap to bump from any event loop. */
public final class SimulatorStats {

  final LongAdder polls = new LongAdder();
  final LongAdder pollErrors = new LongAdder();
  final LongAdder jobsStarted = new LongAdder();
  final LongAdder jobsSucceeded = new LongAdder();
  final LongAdder jobsFailed = new LongAdder();

  /** Jobs whose execution the server ended first (canceled, timed out, removed). */
  final LongAdder jobsEndedByServer = new LongAdder();

  final LongAdder reportErrors = new LongAdder();
  final LongAdder reports = new LongAdder();

  /** A consistent-enough copy for printing. */
  public Snapshot snapshot() {
    return new Snapshot(
        polls.sum(),
        pollErrors.sum(),
        reports.sum(),
        reportErrors.sum(),
        jobsStarted.sum(),
        jobsSucceeded.sum(),
        jobsFailed.sum(),
        jobsEndedByServer.sum());
  }

  /** The counters at one moment. */
  public record Snapshot(
      long polls,
      long pollErrors,
      long reports,
      long reportErrors,
      long jobsStarted,
      long jobsSucceeded,
      long jobsFailed,
      long jobsEndedByServer) {

    public long requests() {
      return polls + reports;
    }

    public long errors() {
      return pollErrors + reportErrors;
    }

    public long jobsDone() {
      return jobsSucceeded + jobsFailed;
    }

    /** Errors per request, in percent. */
    public double errorPercent() {
      return requests() == 0 ? 0 : 100.0 * errors() / requests();
    }
  }
}
