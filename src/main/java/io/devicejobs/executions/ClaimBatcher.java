package io.devicejobs.executions;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Gathers the polls that reach the database into batches: while {@code maxInFlight} batches are running, new
 * polls wait in a queue and leave together as the next batch. A lone poll leaves at once (no timer, no added
 * latency); under load, one commit serves many claims. Confined to one event loop, like the verticle that owns it.
 */
public final class ClaimBatcher {
  private final ExecutionStore store;
  private final int maxInFlight;
  private final int maxBatch;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private int inFlight;

  public ClaimBatcher(ExecutionStore store, int maxInFlight, int maxBatch) {
    this.store = store;
    this.maxInFlight = maxInFlight;
    this.maxBatch = maxBatch;
  }

  private record Waiting(UUID device, Promise<ExecutionStore.Poll> answer) {}

  public Future<ExecutionStore.Poll> claim(UUID device) {
    Promise<ExecutionStore.Poll> answer = Promise.promise();
    queue.add(new Waiting(device, answer));
    dispatch();
    return answer.future();
  }

  private void dispatch() {
    while (inFlight < maxInFlight && !queue.isEmpty()) {
      List<Waiting> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
      while (!queue.isEmpty() && batch.size() < maxBatch) {
        batch.add(queue.poll());
      }
      inFlight++;
      store
          .claim(batch.stream().map(Waiting::device).toList())
          .onComplete(
              result -> {
                inFlight--;
                answer(batch, result.succeeded() ? result.result() : null, result.cause());
                dispatch();
              });
    }
  }

  private static void answer(
      List<Waiting> batch, Map<UUID, ExecutionStore.Poll> polls, Throwable failure) {
    for (Waiting waiting : batch) {
      if (failure != null) {
        waiting.answer().fail(failure);
      } else {
        waiting.answer().complete(polls.get(waiting.device()));
      }
    }
  }
}
