package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void nulAndUnpairedSurrogatesAreNotStorable() {
    assertFalse(Text.storable("a\0b"));
    assertFalse(Text.storable("\uD800"), "a lone high surrogate");
    assertFalse(Text.storable("x\uDC00y"), "a lone low surrogate");
    assertFalse(Text.storable("\uDC00\uD800"), "a pair in the wrong order");
    assertFalse(Text.storable((Object) new JsonArray().add("ok").add("a\0")));
    assertFalse(Text.storable((Object) new JsonObject().put("k\0", "v")));
    assertFalse(Text.storable((Object) new JsonObject().put("k", "\uD800")));
  }

  @Test
  void everythingElseIsStorable() {
    assertTrue(Text.storable(""));
    assertTrue(Text.storable("café \uFFFD"));
    assertTrue(Text.storable("\uD83D\uDE00"), "a supplementary character as its pair");
    assertTrue(Text.storable((Object) 42));
    assertTrue(Text.storable((Object) new JsonArray().add("a").add(1)));
  }
}
