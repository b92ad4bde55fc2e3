package io.devicejobs.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines logged below one logger name while it is open. */
public final class CapturedLog implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public CapturedLog(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    appender.start();
    logger.addAppender(appender);
  }

  /** The messages logged at {@code level} that contain {@code part}. */
  public List<String> lines(Level level, String part) {
    // The appender adds under its own lock (AppenderBase.doAppend), so reading takes the same one.
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(part))
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  @Override
  public String toString() {
    synchronized (appender) {
      return appender.list.toString();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
