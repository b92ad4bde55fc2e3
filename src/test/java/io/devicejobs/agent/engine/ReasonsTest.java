package io.devicejobs.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReasonsTest {

  @Test
  void budgetsReadAsTheTimeoutTheyCameFrom() {
    assertEquals("30s", Reasons.format(Duration.ofMillis(29_996)));
    assertEquals("1s", Reasons.format(Duration.ofMillis(999)));
    assertEquals("3600s", Reasons.format(Duration.ofHours(1)));
    assertEquals("300ms", Reasons.format(Duration.ofMillis(300)));
    assertEquals("0ms", Reasons.format(Duration.ofMillis(-5)));
  }

  @Test
  void countsStderrLinesInGoodEnglish() {
    assertEquals("step \"x\" wrote 1 line to stderr (allowed 0)", Reasons.tooMuchStdErr("x", 1, 0));
    assertEquals(
        "step \"x\" wrote 5 lines to stderr (allowed 2)", Reasons.tooMuchStdErr("x", 5, 2));
  }

  @Test
  void shortensLongStartFailures() {
    String reason = Reasons.cannotStart("x", "e".repeat(5000));
    assertEquals("cannot start step \"x\": " + "e".repeat(1000) + "...", reason);
  }
}
