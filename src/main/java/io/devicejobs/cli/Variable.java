package io.devicejobs.cli;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One environment variable: its name, its default as docs/configuration.md shows it, and how a value is read.
 * Every variable the code reads is a {@code static final Variable} constant (config.Settings, agent.AgentVariables,
 * LogVariables, ...), read through {@link Environment} or {@link Options}; ConfigurationReferenceTest finds them all
 * and checks them against docs/configuration.md. A new setting is one constant, its use, and one row there.
 *
 * @param <T> what a value becomes
 */
public final class Variable<T> {
  /** Turns a present, trimmed, non-blank value into what it means; {@code label} names it in errors. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String label, String raw);
  }

  private final String name;
  private final String shownDefault;
  private final Supplier<T> fallback;
  private final Parser<T> parser;
  private final boolean secret;

  private Variable(
      String name, String shownDefault, Supplier<T> fallback, Parser<T> parser, boolean secret) {
    this.name = name;
    this.shownDefault = shownDefault;
    this.fallback = fallback;
    this.parser = parser;
    this.secret = secret;
  }

  public static Variable<String> text(String name, String fallback) {
    return new Variable<>(name, shown(fallback), () -> fallback, (label, raw) -> raw, false);
  }

  /** A secret: from the variable, or from the file that {@code NAME_FILE} names (never both). No default. */
  public static Variable<String> secret(String name) {
    return new Variable<>(name, shown(null), () -> null, (label, raw) -> raw, true);
  }

  public static Variable<Integer> integer(String name, int fallback, int min, int max) {
    return new Variable<>(
        name,
        String.valueOf(fallback),
        () -> fallback,
        (label, raw) -> (int) whole(label, raw, min, max),
        false);
  }

  public static Variable<Long> number(String name, long fallback, long min, long max) {
    return new Variable<>(
        name,
        String.valueOf(fallback),
        () -> fallback,
        (label, raw) -> whole(label, raw, min, max),
        false);
  }

  /** Comma-separated values, blanks dropped; empty by default. */
  public static Variable<List<String>> list(String name) {
    return new Variable<>(
        name,
        shown(null),
        List::of,
        (label, raw) ->
            Arrays.stream(raw.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList(),
        false);
  }

  /** One of the given words, in lower case as written here; {@code fallback} may be null. */
  public static Variable<String> oneOf(String name, String fallback, String... allowed) {
    List<String> words = List.of(allowed);
    return new Variable<>(
        name,
        shown(fallback),
        () -> fallback,
        (label, raw) -> {
          if (!words.contains(raw)) {
            throw new ConfigurationException(
                label + " must be one of " + String.join(", ", words) + ", not \"" + raw + "\"");
          }
          return raw;
        },
        false);
  }

  /** The same variable with another default, shown as the documentation says it (e.g. "number of cores"). */
  public Variable<T> withDefault(String shown, Supplier<T> computed) {
    return new Variable<>(name, shown, computed, parser, secret);
  }

  public String name() {
    return name;
  }

  /** {@code NAME_FILE}, for a secret. */
  public String fileName() {
    return name + "_FILE";
  }

  public boolean secret() {
    return secret;
  }

  /** The default as docs/configuration.md shows it; "—" when there is none. */
  public String shownDefault() {
    return shownDefault;
  }

  T fallback() {
    return fallback.get();
  }

  T parse(String label, String raw) {
    return parser.parse(label, raw);
  }

  private static String shown(String fallback) {
    return fallback == null || fallback.isEmpty() ? "—" : fallback;
  }

  static long whole(String label, String raw, long min, long max) {
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(label + " must be a whole number, not " + raw, e);
    }
    if (value < min || value > max) {
      throw new ConfigurationException(
          label + " must be between " + min + " and " + max + ", not " + raw);
    }
    return value;
  }

  @Override
  public String toString() {
    return name;
  }
}
