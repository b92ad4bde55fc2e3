package io.devicejobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Horizons are (highest seq handed out, the reading's own transaction id, oldest other transaction running). */
class EventWatermarkTest {
  private final EventWatermark watermark = new EventWatermark();

  @Test
  void withNoOtherTransactionRunningEverythingNumberedIsFinalAtOnce() {
    assertEquals(42, watermark.advance(new Horizon(42, 100, 100)));
    assertFalse(watermark.holdingBack());
    assertEquals(42, watermark.highest());
  }

  @Test
  void seqsWaitUntilEveryOlderTransactionHasEnded() {
    assertEquals(10, watermark.advance(new Horizon(10, 100, 100)));
    // Transaction 98 runs (it may hold some of 11 and 12).
    assertEquals(10, watermark.advance(new Horizon(12, 101, 98)));
    assertTrue(watermark.holdingBack());
    // Seqs reach 15 while 98 still runs, and 102 has started.
    assertEquals(10, watermark.advance(new Horizon(15, 103, 98)));
    // 98 ended, 102 runs: up to 12 is final (reading 101), 13 to 15 may be 102's (reading 103).
    assertEquals(12, watermark.advance(new Horizon(15, 0, 102)));
    assertTrue(watermark.holdingBack());
    assertEquals(15, watermark.advance(new Horizon(15, 0, 104)));
    assertFalse(watermark.holdingBack());
  }

  @Test
  void aReadingThatFindsNothingNewTakesNoIdAndAddsNothing() {
    assertEquals(7, watermark.advance(new Horizon(7, 50, 50)));
    assertEquals(7, watermark.advance(new Horizon(7, 0, 60)));
    assertFalse(watermark.holdingBack());
  }

  @Test
  void nothingIsKnownUntilTheFirstReadingIsProvenFinal() {
    assertEquals(-1, watermark.advance(new Horizon(3, 9, 7)));
    assertTrue(watermark.holdingBack());
    assertEquals(3, watermark.advance(new Horizon(4, 11, 10)));
    assertEquals(4, watermark.advance(new Horizon(4, 0, 12)));
  }

  @Test
  void theWatermarkNeverMovesBack() {
    assertEquals(20, watermark.advance(new Horizon(20, 50, 50)));
    assertEquals(20, watermark.advance(new Horizon(20, 0, 40)));
    assertEquals(20, watermark.safe());
  }
}
