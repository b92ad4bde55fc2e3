package io.devicejobs.jobs.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.jobs.rules.OutputCap.Capped;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputCapTest {

  private static final String EURO = "\u20ac"; // 3 bytes in UTF-8
  private static final String EMOJI = "\uD83D\uDE00"; // 4 bytes in UTF-8, 2 chars in Java

  private static int utf8Bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void theDefaultIs64KiB() {
    assertEquals(65536, OutputCap.DEFAULT_MAX_BYTES);
  }

  @Test
  void nullStaysNull() {
    assertEquals(new Capped(null, false), OutputCap.tail(null, 10));
  }

  @Test
  void shortTextIsKeptAsItIs() {
    String text = "all good\n";
    Capped capped = OutputCap.tail(text, 100);
    assertSame(text, capped.text());
    assertEquals(false, capped.truncated());
  }

  @Test
  void textOfExactlyTheLimitIsNotTruncated() {
    assertEquals(new Capped("abcd", false), OutputCap.tail("abcd", 4));
    assertEquals(new Capped(EURO, false), OutputCap.tail(EURO, 3));
  }

  @Test
  void keepsTheEnd() {
    assertEquals(new Capped("789", true), OutputCap.tail("123456789", 3));
  }

  @Test
  void countsBytesNotCharacters() {
    assertEquals(new Capped("a" + EURO, true), OutputCap.tail("xyz" + "a" + EURO, 4));
  }

  @Test
  void dropsACodePointThatDoesNotFitWhole() {
    assertEquals(new Capped("b", true), OutputCap.tail(EURO + "b", 3));
    assertEquals(new Capped("b", true), OutputCap.tail(EMOJI + "b", 4));
    assertEquals(new Capped(EMOJI + "b", true), OutputCap.tail("a" + EMOJI + "b", 5));
  }

  @Test
  void neverSplitsASurrogatePair() {
    Capped capped = OutputCap.tail(EMOJI.repeat(10), 7);
    assertEquals(new Capped(EMOJI, true), capped);
  }

  @Test
  void aZeroLimitKeepsNothing() {
    assertEquals(new Capped("", true), OutputCap.tail("abc", 0));
    assertEquals(new Capped("", false), OutputCap.tail("", 0));
  }

  @Test
  void aNegativeLimitIsAProgrammingError() {
    assertThrows(IllegalArgumentException.class, () -> OutputCap.tail("abc", -1));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 10, 100})
  void theTailIsAlwaysWithinTheLimitAndAsLongAsPossible(int limit) {
    String text = "a\u00e9" + EURO + EMOJI + "z\u00e9" + EMOJI + EURO + "q";
    Capped capped = OutputCap.tail(text, limit);
    assertTrue(utf8Bytes(capped.text()) <= limit);
    assertTrue(text.endsWith(capped.text()));
    assertEquals(utf8Bytes(text) > limit, capped.truncated());
    if (capped.truncated()) {
      String oneMoreCodePoint =
          text.substring(text.offsetByCodePoints(text.length() - capped.text().length(), -1));
      assertTrue(utf8Bytes(oneMoreCodePoint) > limit, "the tail could have been longer");
    }
  }

  @Test
  void aLargeOutputIsCappedToTheDefault() {
    String text = "x".repeat(100_000) + "the end";
    Capped capped = OutputCap.tail(text, OutputCap.DEFAULT_MAX_BYTES);
    assertEquals(OutputCap.DEFAULT_MAX_BYTES, utf8Bytes(capped.text()));
    assertTrue(capped.text().endsWith("the end"));
    assertTrue(capped.truncated());
  }
}
