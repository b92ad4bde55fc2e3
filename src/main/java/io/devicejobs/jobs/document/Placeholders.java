package io.devicejobs.jobs.document;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Placeholders are {@code {{NAME}}} tokens filled in when a job is created, NAME matching
 * {@value #NAME_PATTERN}.
 *
 * <p>A token is everything from a <code>{{</code> to the next <code>}}</code>, so valid and malformed
 * placeholders are found by the same scan and can never overlap. A <code>{{</code> without a later
 * <code>}}</code> is plain text.
 */
public final class Placeholders {

  public static final String NAME_PATTERN = "[A-Z][A-Z0-9_]{0,63}";

  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
  private static final Pattern SINGLE = Pattern.compile("\\{\\{" + NAME_PATTERN + "}}");
  private static final String OPEN = "{{";
  private static final String CLOSE = "}}";

  private Placeholders() {}

  /** The names of the valid placeholders in {@code text}, sorted. */
  public static SortedSet<String> find(String text) {
    SortedSet<String> names = new TreeSet<>();
    for (Token token : tokens(text)) {
      if (token.isValid()) {
        names.add(token.name());
      }
    }
    return names;
  }

  /** The raw tokens, braces included, that look like placeholders but are not valid ones, in order. */
  public static List<String> malformed(String text) {
    List<String> malformed = new ArrayList<>();
    for (Token token : tokens(text)) {
      if (!token.isValid()) {
        malformed.add(token.raw());
      }
    }
    return malformed;
  }

  /** Whether {@code text} is exactly one valid placeholder and nothing else. */
  public static boolean isSinglePlaceholder(String text) {
    return SINGLE.matcher(text).matches();
  }

  private static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    int from = 0;
    while (true) {
      int open = text.indexOf(OPEN, from);
      int close = open < 0 ? -1 : text.indexOf(CLOSE, open + OPEN.length());
      if (close < 0) {
        return tokens;
      }
      tokens.add(new Token(text.substring(open, close + CLOSE.length())));
      from = close + CLOSE.length();
    }
  }

  private record Token(String raw) {

    String name() {
      return raw.substring(OPEN.length(), raw.length() - CLOSE.length());
    }

    boolean isValid() {
      return NAME.matcher(name()).matches();
    }
  }
}
