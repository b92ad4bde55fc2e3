package io.devicejobs.agent.engine;

/**
 * Hears about steps as they start and finish, e.g. to report IN_PROGRESS to the server. Called on the thread
 * running the job; an exception thrown here is logged and otherwise ignored.
 *
 * <p>{@code index} counts steps in the order they run: 0 for the first step, and the number of steps for
 * {@code finalStep}.
 */
public interface ProgressListener {

  ProgressListener NONE = new ProgressListener() {};

  default void stepStarted(int index, String name) {}

  default void stepFinished(int index, String name, StepResult result) {}
}
