package io.devicejobs.agent.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Remembers the progress events of a job, and lets a test wait for the first step to start. */
final class RecordingListener implements ProgressListener {

  final List<String> events = new CopyOnWriteArrayList<>();
  final List<StepResult> results = new CopyOnWriteArrayList<>();
  final CountDownLatch firstStepStarted = new CountDownLatch(1);

  @Override
  public void stepStarted(int index, String name) {
    events.add("started " + index + " " + name);
    firstStepStarted.countDown();
  }

  @Override
  public void stepFinished(int index, String name, StepResult result) {
    events.add("finished " + index + " " + name + " " + result.outcome());
    results.add(result);
  }
}
