package io.devicejobs.jobs.rules;

import java.util.regex.Pattern;

/**
 * Runs a template author's regular expression with a budget.
 *
 * <p>Short values alone do not stop catastrophic backtracking: {@code ((a+)+)+b} needs exponentially many
 * steps on a run of letters "a", so 40 characters would block the thread for hours. Every step of the regex
 * engine reads a character through {@link CharSequence#charAt}, so counting those reads bounds the work
 * cheaply. Deep recursion (e.g. {@code (a|b)*} on a long value) can overflow the stack of a thread with a
 * small stack; that is caught too, since the recursion is local to the match.
 */
final class BudgetedMatch {

  /**
   * Tens of milliseconds of work at most. A linear pattern on a 1024-character value needs a few thousand
   * reads; even a quadratic one such as {@code .*x.*y.*z} needs about 1.6 million.
   */
  static final long MAX_CHARACTER_READS = 4_000_000;

  enum Outcome {
    MATCHES,
    DOES_NOT_MATCH,
    TOO_COMPLEX
  }

  private BudgetedMatch() {}

  /** Whether the whole of {@code value} matches {@code pattern}. */
  static Outcome fullMatch(Pattern pattern, String value) {
    try {
      boolean matches = pattern.matcher(new BudgetedText(value, new Budget())).matches();
      return matches ? Outcome.MATCHES : Outcome.DOES_NOT_MATCH;
    } catch (BudgetExceeded | StackOverflowError e) {
      return Outcome.TOO_COMPLEX;
    }
  }

  private static final class Budget {
    private long remainingReads = MAX_CHARACTER_READS;

    void spend() {
      if (--remainingReads < 0) {
        throw new BudgetExceeded();
      }
    }
  }

  private static final class BudgetedText implements CharSequence {
    private final String text;
    private final Budget budget;

    BudgetedText(String text, Budget budget) {
      this.text = text;
      this.budget = budget;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      budget.spend();
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedText(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      // Thrown deep inside the regex engine and always caught: a stack trace would be wasted work.
      super("regex budget exceeded", null, false, false);
    }
  }
}
