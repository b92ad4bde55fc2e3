package io.devicejobs.ops;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One INFO line per job lifecycle event; one DEBUG line per request, with its request id. */
class LogLinesTest extends ServerTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger lifecycle = (Logger) LoggerFactory.getLogger("io.devicejobs.jobs.lifecycle");
  private final Logger requests = (Logger) LoggerFactory.getLogger("io.devicejobs.requests");
  private Level requestLevel;

  @Override
  protected Map<String, String> settings() {
    return Map.of("TIMEOUT_GRACE_SECONDS", "0");
  }

  @BeforeAll
  void capture() {
    lines.start();
    lifecycle.addAppender(lines);
    requests.addAppender(lines);
    requestLevel = requests.getLevel();
    requests.setLevel(Level.DEBUG);
  }

  @AfterAll
  void release() {
    lifecycle.detachAppender(lines);
    requests.detachAppender(lines);
    requests.setLevel(requestLevel);
  }

  private void awaitLine(String line) {
    Await.until("log line " + line, () -> messages().contains(line));
  }

  /** The appender adds under its own lock (AppenderBase.doAppend), so reading takes the same one. */
  private List<String> messages() {
    synchronized (lines) {
      return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Test
  void everyLifecycleEventIsOneInfoLine() throws Exception {
    List<String> devices = fleet.register("logs", 2);
    String done = fleet.executeOn(List.of(devices.get(0))).getString("job_id");
    awaitLine(
        "job created: job_id="
            + done
            + " name=\"test job\" template=\"inline\" devices=1 created_by="
            + "key:initial admin (ADMIN_API_KEY)");
    assertStatus(200, fleet.poll(devices.get(0)));
    assertStatus(
        200, fleet.report(devices.get(0), done, new JsonObject().put("status", "SUCCEEDED")));
    awaitLine(
        "job finished: job_id="
            + done
            + " status=SUCCEEDED succeeded=1 failed=0 timed_out=0 rejected=0 removed=0");

    String late = fleet.executeOn(List.of(devices.get(1))).getString("job_id");
    assertStatus(200, fleet.poll(devices.get(1)));
    server.execute(
        "UPDATE device_job_status SET deadline_at = now() - interval '1 minute' WHERE job_id = '"
            + late
            + "'");
    assertEquals(1, server.server().sweepTimeoutsNow().await(30, TimeUnit.SECONDS));
    awaitLine("executions timed out: job_id=" + late + " executions=1");
    awaitLine(
        "job finished: job_id="
            + late
            + " status=FAILED succeeded=0 failed=0 timed_out=1 rejected=0 removed=0");

    String canceled = fleet.executeOn(List.of(devices.get(0))).getString("job_id");
    assertStatus(200, api.post("/jobs/executions/" + canceled + "/cancel", new JsonObject()));
    awaitLine("job canceled: job_id=" + canceled + " force=false executions_canceled=1");
    assertEquals(
        1, messages().stream().filter(m -> m.startsWith("job finished: job_id=" + done)).count());
    synchronized (lines) {
      lines.list.stream()
          .filter(e -> e.getLoggerName().equals(lifecycle.getName()))
          .forEach(
              e -> {
                assertEquals(Level.INFO, e.getLevel(), e.getFormattedMessage());
                // The id is a field of its own too (LOG_FORMAT=json), equal to the text's.
                String jobId = e.getKeyValuePairs().get(0).value.toString();
                assertEquals("job_id", e.getKeyValuePairs().get(0).key);
                assertTrue(e.getFormattedMessage().contains("job_id=" + jobId), e::toString);
              });
    }
  }

  @Test
  void everyRequestIsOneDebugLineWithItsRequestId() {
    assertStatus(
        200, api.send("GET", "/jobs/templates", null, null, "X-Request-Id", "log-line-check"));
    Await.until(
        "the request line",
        () ->
            messages().stream()
                .anyMatch(
                    m ->
                        m.matches(
                            "request: GET /api/v1/jobs/templates 200 \\d+ms request_id=log-line-check")));
  }
}
