package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void acceptsShortIdsOfSafeCharacters() {
    assertTrue(RequestIds.isSane("abc-123_x.y:z"));
    assertTrue(RequestIds.isSane("0f8fad5b-d9cb-469f-a165-70867728950e"));
    assertTrue(RequestIds.isSane("x".repeat(64)));
  }

  @Test
  void refusesAnythingThatCouldSplitAHeaderOrALogLine() {
    assertFalse(RequestIds.isSane(null));
    assertFalse(RequestIds.isSane(""));
    assertFalse(RequestIds.isSane("x".repeat(65)));
    assertFalse(RequestIds.isSane("a\r\nSet-Cookie: x=1"));
    assertFalse(RequestIds.isSane("a b"));
    assertFalse(RequestIds.isSane("<script>"));
    assertFalse(RequestIds.isSane("é"));
  }
}
