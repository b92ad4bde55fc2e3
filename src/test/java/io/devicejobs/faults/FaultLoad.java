package io.devicejobs.faults;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Devices polling, claiming and reporting and an operator executing jobs on them, on threads of their own,
 * against one or more server instances, while a test breaks something underneath.
 */
final class FaultLoad implements AutoCloseable {
  private static final long JOIN_MILLIS = 60_000;

  final Answers answers = new Answers();
  final List<LoadDevice> devices = new ArrayList<>();
  final LoadOperator operator;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  /** Registers {@code deviceCount} devices through {@code admin}; the load runs against {@code ports}. */
  FaultLoad(ApiClient admin, List<Integer> ports, int deviceCount, int jobs) {
    List<String> uuids = new ArrayList<>();
    for (int i = 1; i <= deviceCount; i++) {
      RegisteredDevice device = RegisteredDevice.register(admin, "load-" + i);
      uuids.add(device.uuid());
      devices.add(new LoadDevice(device.uuid(), device.token(), ports, answers, running));
    }
    operator = new LoadOperator(ports, uuids, jobs, answers, running);
  }

  FaultLoad start() {
    devices.forEach(d -> threads.add(new Thread(d, "load-" + d.uuid)));
    threads.add(new Thread(operator, "load-operator"));
    threads.forEach(Thread::start);
    return this;
  }

  /** Every job the operator created has been finished by every device, as the database says. */
  boolean drained(Sql sql) {
    return operator.done()
        && sql.count(
                "SELECT count(*) FROM device_job_status s JOIN job_executions j USING (job_id)"
                    + " WHERE j.job_name LIKE 'fault-job-%' AND s.status <> 'SUCCEEDED'")
            == 0;
  }

  /** Stops the threads and waits for them. */
  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Each device sends its last final report again: a problem for each one the server does not recognise. */
  List<String> resendLastReports() {
    List<String> unrecognised = new ArrayList<>();
    for (LoadDevice device : devices) {
      String problem = device.resendLastFinal();
      if (problem != null) {
        unrecognised.add(problem);
      }
    }
    return unrecognised;
  }
}
