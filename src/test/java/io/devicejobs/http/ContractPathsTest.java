package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every path template of the contract becomes the route vertx-web matches. */
class ContractPathsTest {

  @Test
  void thePollPathBecomesARouteWithOneParameter() {
    assertEquals(
        "/devices/:uuid/jobs/next", ContractPaths.toRouterPath("/devices/{uuid}/jobs/next"));
  }

  @Test
  void pathsWithSeveralOrNoParametersKeepEveryOtherCharacter() {
    assertEquals(
        "/jobs/executions/:job_id/devices/:device_uuid",
        ContractPaths.toRouterPath("/jobs/executions/{job_id}/devices/{device_uuid}"));
    assertEquals("/jobs/templates", ContractPaths.toRouterPath("/jobs/templates"));
  }

  @Test
  void everyPathOfTheContractTranslatesSegmentBySegment() throws IOException {
    List<String> paths = new ArrayList<>(contract().getJsonObject("paths").fieldNames());
    assertFalse(paths.isEmpty());
    int withParameters = 0;
    for (String path : paths) {
      String route = ContractPaths.toRouterPath(path);
      String[] template = path.split("/", -1);
      String[] translated = route.split("/", -1);
      assertEquals(template.length, translated.length, path);
      for (int i = 0; i < template.length; i++) {
        String segment = template[i];
        String expected =
            segment.startsWith("{") && segment.endsWith("}")
                ? ":" + segment.substring(1, segment.length() - 1)
                : segment;
        assertEquals(expected, translated[i], path);
      }
      assertFalse(route.contains("{") || route.contains("}"), route);
      withParameters += path.contains("{") ? 1 : 0;
    }
    assertTrue(withParameters > 5, "the contract has parameterised paths: " + withParameters);
  }

  private static JsonObject contract() throws IOException {
    try (InputStream in =
        ContractPathsTest.class.getClassLoader().getResourceAsStream(Contract.RESOURCE)) {
      return Contract.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
