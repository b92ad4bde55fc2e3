package io.devicejobs.jobs.rules;

import java.util.Optional;

/**
 * What no parameter value may ever be, whatever its rule says: values end up in commands run as root, so a
 * value must not be able to start a new line, introduce a placeholder, or be too long to check cheaply.
 */
final class ValueSafety {

  static final int MAX_VALUE_LENGTH = 1024;

  private static final char LINE_SEPARATOR = '\u2028';
  private static final char PARAGRAPH_SEPARATOR = '\u2029';

  private ValueSafety() {}

  /**
   * @return why the value is refused, phrased to follow a pointer; never quoting the value itself, which may
   *     hold characters that should not reach a log or a terminal
   */
  static Optional<String> problem(String value) {
    if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
      return Optional.of("must be at most " + MAX_VALUE_LENGTH + " characters");
    }
    if (value.contains("{{") || value.contains("}}")) {
      return Optional.of(
          "must not contain \"{{\" or \"}}\": a value cannot introduce placeholders");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == LINE_SEPARATOR || c == PARAGRAPH_SEPARATOR) {
        return Optional.of(
            "must not contain control characters or line breaks (such as NUL, TAB, CR or LF)");
      }
      if (Character.isSurrogate(c) && !isPairedSurrogate(value, i)) {
        return Optional.of("must be valid Unicode text (it contains an unpaired surrogate)");
      }
      if (Character.isHighSurrogate(c)) {
        i++; // the low half of the pair was checked with it
      }
    }
    return Optional.empty();
  }

  private static boolean isPairedSurrogate(String value, int i) {
    return Character.isHighSurrogate(value.charAt(i))
        && i + 1 < value.length()
        && Character.isLowSurrogate(value.charAt(i + 1));
  }
}
