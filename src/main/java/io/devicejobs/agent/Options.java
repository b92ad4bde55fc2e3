package io.devicejobs.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags ({@code --name value}, {@code --name=value}, or a bare {@code --switch}) backed by
 * environment variables: a flag wins over its variable, the variable over the default. Values are checked
 * here, so a typo fails at start naming the flag.
 */
public final class Options {

  private final Map<String, String> flags;
  private final Map<String, String> env;

  private Options(Map<String, String> flags, Map<String, String> env) {
    this.flags = flags;
    this.env = env;
  }

  /**
   * @param known the flag names (without dashes) this command accepts
   * @param switches the flags among them that take no value
   * @throws IllegalArgumentException for an unknown flag or a flag without its value
   */
  public static Options parse(
      List<String> args, Map<String, String> env, Set<String> known, Set<String> switches) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      String name = arg.substring(2);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      if (switches.contains(name)) {
        flags.put(name, value == null ? "true" : value);
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args.get(++i);
      }
      flags.put(name, value);
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
      throw new IllegalArgumentException(
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
        throw new IllegalArgumentException(
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
      throw new IllegalArgumentException(
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
        throw new IllegalArgumentException(
            describe(flag, variable) + " must be between 0 and 1, not " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
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
