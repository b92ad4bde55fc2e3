package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An outage is two lines in the log at INFO, however many attempts fail during it. */
class OutageTest {
  private final Logger log = new LoggerContext().getLogger("outage-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private long now;
  private final Outage outage = new Outage(log, "server http://x", () -> now);

  OutageTest() {
    log.setLevel(Level.DEBUG);
    lines.start();
    log.addAppender(lines);
  }

  @Test
  void oneWarnWhenItStartsDebugMeanwhileOneInfoWhenItEnds() {
    outage.available();
    outage.unavailable("HTTP 503");
    assertTrue(outage.ongoing());
    for (int i = 0; i < 50; i++) {
      now += 1_000_000_000L;
      outage.unavailable("java.net.ConnectException");
    }
    outage.available();
    outage.available();
    assertFalse(outage.ongoing());

    assertEquals(List.of(Level.WARN), at(Level.WARN));
    assertEquals(50, at(Level.DEBUG).size());
    assertEquals(
        List.of("server http://x available again after 50 s and 51 failed attempts"),
        lines.list.stream()
            .filter(e -> e.getLevel() == Level.INFO)
            .map(ILoggingEvent::getFormattedMessage)
            .toList());
  }

  @Test
  void theNextOutageIsLoggedAgain() {
    outage.unavailable("HTTP 503");
    outage.available();
    outage.unavailable("HTTP 502");

    assertEquals(List.of(Level.WARN, Level.WARN), at(Level.WARN));
    assertTrue(lines.list.get(2).getFormattedMessage().contains("HTTP 502"));
  }

  private List<Level> at(Level level) {
    return lines.list.stream().map(ILoggingEvent::getLevel).filter(level::equals).toList();
  }
}
