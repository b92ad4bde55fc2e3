package io.devicejobs.agent.engine;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The last {@code capacity} bytes written to it. Memory grows with use up to the capacity, so a quiet stream
 * costs little. {@link #text()} decodes UTF-8 and never starts in the middle of a character.
 */
public final class OutputTail {

  private static final int INITIAL_BYTES = 4096;

  private final int capacity;
  private byte[] ring;
  private int start;
  private int size;
  private boolean truncated;
  private int lastByte = -1;

  public OutputTail(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 byte");
    }
    this.capacity = capacity;
    this.ring = new byte[Math.min(capacity, INITIAL_BYTES)];
  }

  public void append(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    append(bytes, 0, bytes.length);
  }

  public void append(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return;
    }
    lastByte = bytes[offset + length - 1];
    if (length >= capacity) {
      truncated |= size > 0 || length > capacity;
      if (ring.length < capacity) {
        ring = new byte[capacity];
      }
      System.arraycopy(bytes, offset + length - capacity, ring, 0, capacity);
      start = 0;
      size = capacity;
      return;
    }
    growTo(Math.min(capacity, size + length));
    int overflow = size + length - ring.length;
    if (overflow > 0) {
      start = (start + overflow) % ring.length;
      size -= overflow;
      truncated = true;
    }
    int end = (start + size) % ring.length;
    int firstPart = Math.min(length, ring.length - end);
    System.arraycopy(bytes, offset, ring, end, firstPart);
    System.arraycopy(bytes, offset + firstPart, ring, 0, length - firstPart);
    size += length;
  }

  /** Whether bytes were dropped from the beginning. */
  public boolean truncated() {
    return truncated;
  }

  /** How many bytes are kept. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return lastByte < 0;
  }

  /** Whether the last byte ever appended is a newline, so the next text starts on a line of its own. */
  public boolean endsWithNewline() {
    return lastByte == '\n';
  }

  /** The kept bytes as UTF-8; malformed bytes become U+FFFD. */
  public String text() {
    byte[] bytes = new byte[size];
    copyTo(bytes);
    int from = 0;
    if (truncated) {
      // The cut may have split a character: skip its leftover continuation bytes (at most 3).
      while (from < bytes.length && from < 3 && (bytes[from] & 0xC0) == 0x80) {
        from++;
      }
    }
    return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text();
  }

  private void growTo(int needed) {
    if (needed <= ring.length) {
      return;
    }
    byte[] grown = new byte[Math.min(capacity, Math.max(needed, ring.length * 2))];
    copyTo(grown);
    ring = grown;
    start = 0;
  }

  private void copyTo(byte[] target) {
    int firstPart = Math.min(size, ring.length - start);
    System.arraycopy(ring, start, target, 0, firstPart);
    System.arraycopy(ring, 0, target, firstPart, size - firstPart);
  }
}
