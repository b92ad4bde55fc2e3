package io.devicejobs.jobs.rules;

/** Caps the output (stdout or stderr) a device reports, keeping its end, where errors usually are. */
public final class OutputCap {

  public static final int DEFAULT_MAX_BYTES = 65536;

  /** @param truncated whether the start of the text was dropped */
  public record Capped(String text, boolean truncated) {}

  private OutputCap() {}

  /**
   * The longest tail of {@code text} that is at most {@code maxUtf8Bytes} bytes in UTF-8. Whole code points
   * only: one that does not fit entirely is dropped.
   */
  public static Capped tail(String text, int maxUtf8Bytes) {
    if (maxUtf8Bytes < 0) {
      throw new IllegalArgumentException("maxUtf8Bytes must be >= 0, not " + maxUtf8Bytes);
    }
    if (text == null) {
      return new Capped(null, false);
    }
    // Walking back code point by code point never splits
    // one, and needs no copy of a long text in bytes.
    int start = text.length();
    long bytes = 0;
    while (start > 0) {
      int codePoint = text.codePointBefore(start);
      bytes += utf8Length(codePoint);
      if (bytes > maxUtf8Bytes) {
        break;
      }
      start -= Character.charCount(codePoint);
    }
    return start == 0 ? new Capped(text, false) : new Capped(text.substring(start), true);
  }

  /** An unpaired surrogate counts as 3 bytes, at least what an encoder writes for it. */
  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }
}
