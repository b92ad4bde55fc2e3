package io.devicejobs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process environment, read only through {@link Variable}s. A blank value counts as absent. A secret comes
 * from its variable or from the file its {@code _FILE} variable names (a mounted Docker or Kubernetes secret),
 * with one trailing newline removed; setting both is a configuration error.
 */
public final class Environment {
  private final Map<String, String> env;

  public Environment(Map<String, String> env) {
    this.env = env;
  }

  /** The value, or the variable's default. */
  public <T> T get(Variable<T> variable) {
    String raw = raw(variable);
    return raw == null ? variable.fallback() : variable.parse(variable.name(), raw);
  }

  public boolean isSet(Variable<?> variable) {
    return raw(variable) != null;
  }

  /** The trimmed text given for the variable (or read from its file), null when absent. */
  String raw(Variable<?> variable) {
    String value = present(variable.name());
    if (!variable.secret()) {
      return value;
    }
    String file = present(variable.fileName());
    if (file == null) {
      return value;
    }
    if (value != null) {
      throw new ConfigurationException(
          "set " + variable.name() + " or " + variable.fileName() + ", not both");
    }
    return readSecret(variable.fileName(), Path.of(file));
  }

  private String present(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String readSecret(String variable, Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          variable + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    // Files written by editors and `echo` end in a newline that is not part of the secret.
    if (content.endsWith("\n")) {
      content = content.substring(0, content.length() - 1);
      if (content.endsWith("\r")) {
        content = content.substring(0, content.length() - 1);
      }
    }
    if (content.isEmpty()) {
      throw new ConfigurationException(variable + ": " + file + " is empty");
    }
    return content;
  }
}
