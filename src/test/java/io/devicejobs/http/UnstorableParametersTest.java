package io.devicejobs.http;

import static io.devicejobs.testing.ApiAssertions.assertError;
import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text PostgreSQL cannot store, in any query parameter, is the client's input: a 400 naming it, never a 500. */
class UnstorableParametersTest extends ServerTest {
  private static final List<String> TEXT_PARAMETERS =
      List.of(
          "/devices?search=",
          "/devices?group=",
          "/jobs/templates?category=",
          "/audit?actor=",
          "/audit?action=");

  @Test
  void aNulByteInATextQueryParameterIsRefusedNamingTheParameter() {
    for (String request : TEXT_PARAMETERS) {
      assertRefusedNaming(request + "a%00b");
    }
  }

  @Test
  void anEncodedLoneSurrogateArrivesAsAReplacementCharacterAndIsNoFault() {
    // %ED%A0%80 would be U+D800, which has no valid UTF-8 form: the URL decoder turns it
    // into U+FFFD, which PostgreSQL stores. No lone surrogate reaches a parameter this way
    // (TextTest shows the rule that would refuse one).
    for (String request : TEXT_PARAMETERS) {
      assertStatus(200, api.get(request + "%ED%A0%80"));
    }
  }

  @Test
  void ordinaryAndSupplementaryCharactersStillPass() {
    assertStatus(200, api.get("/devices?search=%F0%9F%98%80"));
    assertStatus(200, api.get("/jobs/templates?category=caf%C3%A9"));
  }

  private void assertRefusedNaming(String sent) {
    String parameter = sent.substring(sent.indexOf('?') + 1, sent.indexOf('='));
    JsonObject body = assertError(400, "validation_failed", api.get(sent));
    assertTrue(
        body.getString("message").contains("parameter " + parameter + " "),
        () -> sent + " → " + body);
  }
}
