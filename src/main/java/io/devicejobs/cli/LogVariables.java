package io.devicejobs.cli;

import java.util.List;
import java.util.Locale;

/**
 * The variables logback.xml reads. They are checked before the first log line: logback would quietly fall back
 * (a bad level means DEBUG) or log nothing at all (LOG_FORMAT picks the file of the console appender).
 */
public final class LogVariables {
  private static final List<String> LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  public static final Variable<String> LOG_FORMAT =
      Variable.oneOf("LOG_FORMAT", "text", "text", "json");
  public static final Variable<String> LOG_LEVEL = Variable.text("LOG_LEVEL", "INFO");
  public static final Variable<String> REQUEST_LOG_LEVEL =
      Variable.text("REQUEST_LOG_LEVEL", null).withDefault("LOG_LEVEL", () -> null);

  private LogVariables() {}

  /** @throws ConfigurationException naming the variable that logback could not use */
  public static void check(Environment env) {
    env.get(LOG_FORMAT);
    level(env, LOG_LEVEL);
    level(env, REQUEST_LOG_LEVEL);
  }

  private static void level(Environment env, Variable<String> variable) {
    String level = env.get(variable);
    if (level != null && !LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      throw new ConfigurationException(
          variable.name()
              + " must be one of "
              + String.join(", ", LEVELS)
              + ", not \""
              + level
              + "\"");
    }
  }
}
