package io.devicejobs.agent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs job documents (version 1.0) on the device, one at a time, synchronously on the calling thread.
 *
 * <p>Steps run in order, each as a process of its own (no shell unless the command is a shell line), with
 * the work directory as working directory, the agent's environment and an empty stdin. A step fails when
 * its process exits non-zero, is killed by a signal, cannot be started, or writes more lines to stderr than
 * its {@code allowStdErr}. A failed step ends the job unless it has {@code ignoreStepFailure}; the
 * {@code finalStep} runs only when every step succeeded (ignored failures count as success).
 *
 * <p>At the deadline, or on {@link #cancel()}, the running step's whole process tree gets SIGTERM, and
 * SIGKILL after a grace period.
 */
public final class JobEngine {

  static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private final EngineSettings settings;
  private final AtomicReference<JobRun> active = new AtomicReference<>();

  /** An engine with the default output limits, no listener, the system clock and java.io.tmpdir as work dir. */
  public JobEngine(HandlerResolver handlers) {
    this(
        handlers,
        OutputLimits.DEFAULT,
        ProgressListener.NONE,
        Clock.systemUTC(),
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * @param clock tells the time the deadline is compared with; must tick
   * @param workDir the working directory of every step's process
   */
  public JobEngine(
      HandlerResolver handlers,
      OutputLimits limits,
      ProgressListener listener,
      Clock clock,
      Path workDir) {
    this(handlers, limits, listener, clock, workDir, KILL_GRACE);
  }

  JobEngine(
      HandlerResolver handlers,
      OutputLimits limits,
      ProgressListener listener,
      Clock clock,
      Path workDir,
      Duration killGrace) {
    CommandBuilder commands = new CommandBuilder(handlers, System.getProperty("user.name"));
    this.settings = new EngineSettings(commands, limits, listener, clock, workDir, killGrace);
  }

  /**
   * Reads the document the way {@link #run} would, without running anything: lets a caller describe the steps
   * to come, or reject the job up front.
   */
  public static JobOutline outline(JsonNode document) {
    try {
      return JobOutline.runnable(
          JobPlanReader.read(document).executionOrder().stream().map(PlannedStep::name).toList());
    } catch (RejectedDocumentException e) {
      return JobOutline.rejected(e.getMessage());
    }
  }

  /**
   * Runs the document to its end. Returns REJECTED without running anything when the document is not one
   * this engine can run (a version other than "1.0", an unknown step type, a malformed step).
   *
   * @param deadline the whole job must be done by then; the running step is killed when it passes
   * @throws IllegalStateException when another job is running on this engine
   */
  public JobResult run(JsonNode document, Instant deadline) {
    return run(document, deadline, Duration.between(settings.clock().instant(), deadline));
  }

  /**
   * As {@link #run(JsonNode, Instant)}, for a job given {@code timeout} in all: a timeout reason names it
   * ("job timed out after 30s"), however much of it was left when the job started here.
   */
  public JobResult run(JsonNode document, Instant deadline, Duration timeout) {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(timeout, "timeout");
    JobPlan plan;
    try {
      plan = JobPlanReader.read(document);
    } catch (RejectedDocumentException e) {
      return JobResult.rejected(e.getMessage());
    }
    JobRun run = new JobRun(plan, settings, deadline, timeout);
    if (!active.compareAndSet(null, run)) {
      throw new IllegalStateException("a job is already running on this engine");
    }
    try {
      return run.execute();
    } finally {
      active.set(null);
    }
  }

  /**
   * Stops the running job: its running step's process tree is killed and {@link #run} returns CANCELED
   * promptly. Thread-safe. Interrupting the thread inside {@link #run} has the same effect.
   *
   * @return whether a job was running; false means there was nothing to cancel
   */
  public boolean cancel() {
    JobRun run = active.get();
    if (run == null) {
      return false;
    }
    run.cancel();
    return true;
  }
}
