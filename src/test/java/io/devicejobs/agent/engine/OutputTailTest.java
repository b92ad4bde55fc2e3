package io.devicejobs.agent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputTailTest {

  @Test
  void keepsEverythingWhileUnderCapacity() {
    OutputTail tail = new OutputTail(10);
    tail.append("abc");
    tail.append("def");
    assertEquals("abcdef", tail.text());
    assertEquals(6, tail.size());
    assertFalse(tail.truncated());
  }

  @Test
  void exactlyFullIsNotTruncated() {
    OutputTail tail = new OutputTail(6);
    tail.append("abc");
    tail.append("def");
    assertEquals("abcdef", tail.text());
    assertFalse(tail.truncated());
  }

  @Test
  void keepsTheLastBytesAcrossAppends() {
    OutputTail tail = new OutputTail(5);
    tail.append("abc");
    tail.append("def");
    tail.append("gh");
    assertEquals("defgh", tail.text());
    assertTrue(tail.truncated());
  }

  @Test
  void oneAppendLargerThanTheCapacityKeepsItsEnd() {
    OutputTail tail = new OutputTail(4);
    tail.append("x");
    tail.append("0123456789");
    assertEquals("6789", tail.text());
    assertTrue(tail.truncated());
  }

  @Test
  void anAppendOfExactlyTheCapacityIntoAnEmptyTailIsNotTruncated() {
    OutputTail tail = new OutputTail(4);
    tail.append("abcd");
    assertEquals("abcd", tail.text());
    assertFalse(tail.truncated());
  }

  @Test
  void neverStartsInTheMiddleOfACharacter() {
    OutputTail tail = new OutputTail(4);
    tail.append("€€"); // 6 bytes: E2 82 AC E2 82 AC; the last 4 begin with a continuation byte
    assertEquals("€", tail.text());
    assertTrue(tail.truncated());
  }

  @Test
  void malformedBytesBecomeReplacementCharacters() {
    OutputTail tail = new OutputTail(10);
    tail.append(new byte[] {'a', (byte) 0xFF, 'b'}, 0, 3);
    assertEquals("a\uFFFDb", tail.text());
  }

  @Test
  void remembersWhetherTheLastByteWasANewline() {
    OutputTail tail = new OutputTail(2);
    assertTrue(tail.isEmpty());
    assertFalse(tail.endsWithNewline());
    tail.append("line\n");
    assertTrue(tail.endsWithNewline());
    tail.append("x");
    assertFalse(tail.endsWithNewline());
    assertFalse(tail.isEmpty());
  }

  @Test
  void rejectsAZeroCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new OutputTail(0));
  }

  @Test
  void behavesLikeKeepingTheEndOfEverythingWritten() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int capacity = 1 + random.nextInt(10_000);
      OutputTail tail = new OutputTail(capacity);
      ByteArrayOutputStream everything = new ByteArrayOutputStream();
      int appends = random.nextInt(30);
      for (int i = 0; i < appends; i++) {
        byte[] chunk = new byte[random.nextInt(capacity * 2 + 1)];
        for (int j = 0; j < chunk.length; j++) {
          chunk[j] = (byte) ('a' + random.nextInt(26));
        }
        int offset = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
        tail.append(chunk, offset, chunk.length - offset);
        everything.write(chunk, offset, chunk.length - offset);
      }
      byte[] all = everything.toByteArray();
      byte[] expected = Arrays.copyOfRange(all, Math.max(0, all.length - capacity), all.length);
      assertArrayEquals(expected, tail.text().getBytes(StandardCharsets.UTF_8), "round " + round);
      assertEquals(all.length > capacity, tail.truncated(), "round " + round);
    }
  }
}
