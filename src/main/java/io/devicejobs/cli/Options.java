package io.devicejobs.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options a command was given, backed by environment variables: a flag wins over its variable, the variable
 * over the default; a blank value counts as absent. Values are checked here, so a typo fails at start naming the
 * flag and its variable.
 */
public final class Options {

  private final Map<String, String> flags;
  private final Map<String, String> env;

  private Options(Map<String, String> flags, Map<String, String> env) {
    this.flags = flags;
    this.env = env;
  }

  /**
   * The options of a parsed command, by long name without dashes. A hidden alias names the option it stands for
   * in its {@code descriptionKey} (it is described as that option), so {@code --interval-ms 500} reads as {@code
   * poll-interval-ms}.
   */
  public static Options of(CommandSpec spec, Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    ParseResult parsed = spec.commandLine().getParseResult();
    if (parsed != null) {
      for (OptionSpec option : parsed.matchedOptions()) {
        String name =
            option.descriptionKey().isEmpty() ? option.longestName() : option.descriptionKey();
        Object value = option.getValue();
        flags.put(name.replaceFirst("^--", ""), value == null ? null : value.toString());
      }
    }
    return new Options(flags, env);
  }

  /** The flag's value, else the variable's (when a variable is named), else null. Blank counts as absent. */
  public String string(String flag, String variable) {
    String value = flags.get(flag);
    if (value == null && variable != null) {
      value = env.get(variable);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  public String string(String flag, String variable, String fallback) {
    String value = string(flag, variable);
    return value == null ? fallback : value;
  }

  public String required(String flag, String variable) {
    String value = string(flag, variable);
    if (value == null) {
      throw new ConfigurationException(
          "--" + flag + (variable == null ? "" : " (or " + variable + ")") + " is required");
    }
    return value;
  }

  public long number(String flag, String variable, long fallback, long min, long max) {
    String value = string(flag, variable);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        throw new ConfigurationException(
            describe(flag, variable)
                + " must be between "
                + min
                + " and "
                + max
                + ", not "
                + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          describe(flag, variable) + " must be a whole number, not " + value, e);
    }
  }

  public double fraction(String flag, String variable, double fallback) {
    String value = string(flag, variable);
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed >= 0 && parsed <= 1)) {
        throw new ConfigurationException(
            describe(flag, variable) + " must be between 0 and 1, not " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          describe(flag, variable) + " must be a number, not " + value, e);
    }
  }

  public Duration millis(String flag, String variable, long fallback, long min, long max) {
    return Duration.ofMillis(number(flag, variable, fallback, min, max));
  }

  public boolean isSet(String flag) {
    String value = flags.get(flag);
    return value != null && !value.equalsIgnoreCase("false");
  }

  private static String describe(String flag, String variable) {
    return "--" + flag + (variable == null ? "" : " (" + variable + ")");
  }
}
