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
  private final Environment env;

  private Options(Map<String, String> flags, Environment env) {
    this.flags = flags;
    this.env = env;
  }

  /**
   * The options of a parsed command, by long name without dashes. A hidden alias names the option it stands for
   * in its {@code descriptionKey} (it is described as that option), so {@code --interval-ms 500} reads as {@code
   * poll-interval-ms}.
   */
  public static Options of(CommandSpec spec, Environment env) {
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

  /**
   * The flag's value, else the variable's, else the variable's default. A blank flag counts as absent and does
   * not fall back to the variable, as before picocli.
   */
  public <T> T get(String flag, Variable<T> variable) {
    String label = "--" + flag + " (" + variable.name() + ")";
    String raw = flags.containsKey(flag) ? blankAsNull(flags.get(flag)) : env.raw(variable);
    return raw == null ? variable.fallback() : variable.parse(label, raw);
  }

  public <T> T required(String flag, Variable<T> variable) {
    T value = get(flag, variable);
    if (value == null) {
      throw new ConfigurationException("--" + flag + " (or " + variable.name() + ") is required");
    }
    return value;
  }

  /** A flag without a variable. */
  public String string(String flag, String fallback) {
    String value = blankAsNull(flags.get(flag));
    return value == null ? fallback : value;
  }

  public long number(String flag, long fallback, long min, long max) {
    String value = blankAsNull(flags.get(flag));
    return value == null ? fallback : Variable.whole("--" + flag, value, min, max);
  }

  public Duration millis(String flag, long fallback, long min, long max) {
    return Duration.ofMillis(number(flag, fallback, min, max));
  }

  public double fraction(String flag, double fallback) {
    String value = blankAsNull(flags.get(flag));
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed >= 0 && parsed <= 1)) {
        throw new ConfigurationException("--" + flag + " must be between 0 and 1, not " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigurationException("--" + flag + " must be a number, not " + value, e);
    }
  }

  public boolean isSet(String flag) {
    String value = flags.get(flag);
    return value != null && !value.equalsIgnoreCase("false");
  }

  private static String blankAsNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
