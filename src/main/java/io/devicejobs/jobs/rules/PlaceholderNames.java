package io.devicejobs.jobs.rules;

import io.devicejobs.jobs.document.Placeholders;
import java.util.regex.Pattern;

/** Checks and messages about the names of placeholders, shared by rules and parameters. */
final class PlaceholderNames {

  static final String NOT_A_NAME =
      "is not a placeholder name: names match " + Placeholders.NAME_PATTERN;

  private static final Pattern NAME = Pattern.compile(Placeholders.NAME_PATTERN);

  private PlaceholderNames() {}

  static boolean isValid(String name) {
    return NAME.matcher(name).matches();
  }

  /** For a name that {@link #isValid}: only then is it harmless to quote. */
  static String notInDocument(String name) {
    return "no placeholder {{" + name + "}} in the document";
  }
}
