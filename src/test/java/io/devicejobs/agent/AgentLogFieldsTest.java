package io.devicejobs.agent;

import static io.devicejobs.agent.AgentFixture.command;
import static io.devicejobs.agent.AgentFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.devicejobs.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The agent's lines about a job carry job_id and device_uuid as fields (MDC), for LOG_FORMAT=json. */
class AgentLogFieldsTest {
  private static TestServer server;
  private static AgentFixture fixture;

  @TempDir Path state;
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger runnerLog = (Logger) LoggerFactory.getLogger(JobRunner.class);

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    fixture = new AgentFixture(server);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void stopAgents() throws Exception {
    fixture.stopAgents();
    runnerLog.detachAppender(captured);
  }

  @Test
  void linesAboutAJobNameItsJobAndDevice() throws IOException {
    captured.start();
    runnerLog.addAppender(captured);
    String device = fixture.device("log-fields");
    fixture.start(fixture.config(device, state));

    String job = fixture.execute(device, document(false, command("Ok", "true")), 60);
    fixture.awaitFinal(device, job);

    List<ILoggingEvent> aboutTheJob;
    // The appender adds under its own lock (AppenderBase.doAppend), so reading takes the same one.
    synchronized (captured) {
      aboutTheJob =
          captured.list.stream().filter(e -> e.getFormattedMessage().contains(job)).toList();
    }
    assertTrue(aboutTheJob.size() >= 2, () -> "started and finished lines: " + captured.list);
    for (ILoggingEvent event : aboutTheJob) {
      assertEquals(job, event.getMDCPropertyMap().get("job_id"), event::toString);
      assertEquals(device, event.getMDCPropertyMap().get("device_uuid"), event::toString);
    }
  }
}
