package io.devicejobs.faults;

import io.devicejobs.testing.ApiClient;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every answer the load got during a fault run, by operation and status (0: no answer, the server was away),
 * and what the load found wrong. Shared by the load's threads.
 */
final class Answers {
  static final int NO_ANSWER = 0;

  private final Map<String, Map<Integer, AtomicLong>> byOperation = new ConcurrentHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final AtomicLong total = new AtomicLong();
  final AtomicLong acceptedReports = new AtomicLong();
  final AtomicLong recognisedResends = new AtomicLong();

  /** Calls the server; null when it did not answer (refused, reset). */
  ApiClient.Response call(String operation, Supplier<ApiClient.Response> request) {
    ApiClient.Response response;
    try {
      response = request.get();
    } catch (UncheckedIOException e) {
      response = null;
    }
    int status = response == null ? NO_ANSWER : response.status();
    byOperation
        .computeIfAbsent(operation, o -> new ConcurrentHashMap<>())
        .computeIfAbsent(status, s -> new AtomicLong())
        .incrementAndGet();
    total.incrementAndGet();
    return response;
  }

  /** How many calls were made so far (answered or not). */
  long total() {
    return total.get();
  }

  synchronized void problem(String what) {
    problems.add(what);
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  /** Statuses by operation, sorted, e.g. {@code {pollNextJob={0=12, 200=40, 204=300}}}. */
  Map<String, Map<Integer, Long>> statuses() {
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    byOperation.forEach(
        (op, counts) -> {
          Map<Integer, Long> sorted = new TreeMap<>();
          counts.forEach((status, n) -> sorted.put(status, n.get()));
          out.put(op, sorted);
        });
    return out;
  }

  /** The answers whose status is not one of {@code allowed} (by operation: status → count). */
  Map<String, Map<Integer, Long>> outside(java.util.function.IntPredicate allowed) {
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    statuses()
        .forEach(
            (op, counts) ->
                counts.forEach(
                    (status, n) -> {
                      if (!allowed.test(status)) {
                        out.computeIfAbsent(op, o -> new TreeMap<>()).put(status, n);
                      }
                    }));
    return out;
  }
}
