package io.devicejobs.cli;

import java.util.Locale;
import java.util.Map;

/** LOG_FORMAT: log lines as text for people, or one JSON object per line for log collectors. */
public enum LogFormat {
  TEXT,
  JSON;

  /**
   * LOG_FORMAT, exactly as logback.xml reads it to pick the file of its console appender: checked before the
   * first log line, since any other value would leave the process without a log.
   */
  public static LogFormat of(Map<String, String> env) {
    String raw = env.get("LOG_FORMAT");
    if (raw == null) {
      return TEXT;
    }
    for (LogFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(raw)) {
        return format;
      }
    }
    throw new ConfigurationException("LOG_FORMAT must be text or json, not \"" + raw + "\"");
  }
}
