package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {
  @Test
  void anOutageStartsAtItsFirstRefusalAndEndsWithItsCount() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DatabaseOutage outage = new DatabaseOutage(registry);
    assertEquals(0, outage.succeeded(), "no outage yet");
    assertTrue(outage.refused(), "the first 503 starts the outage");
    assertFalse(outage.refused());
    assertFalse(outage.refused());
    assertEquals(3, outage.succeeded(), "the first success ends it with the count");
    assertEquals(0, outage.succeeded(), "only once");
    assertTrue(outage.refused(), "the next 503 starts a new outage");
    assertEquals(1, outage.succeeded());
    assertEquals(
        4.0,
        registry.get("devicejobs.database.unavailable.responses").counter().count(),
        "every 503");
  }
}
