package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.agent.engine.HandlerUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryHandlerResolverTest {

  private static final String SCRIPT = "#!/bin/sh\necho \"hello $1\"\n";

  @TempDir Path state;
  private FakeDeviceApi api;
  private LibraryHandlerResolver resolver;
  private Path cacheDir;

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeDeviceApi();
    cacheDir = state.resolve("handlers");
    resolver = new LibraryHandlerResolver(api.client(), cacheDir);
  }

  @AfterEach
  void tearDown() {
    api.close();
  }

  @Test
  void aHandlerIsDownloadedVerifiedAndCachedForItsOwnerOnly() throws Exception {
    api.answer(200, handler("greet", "bash", SCRIPT, Sha256.hex(bytes(SCRIPT))));

    Path script = resolver.resolve("greet", null);

    assertEquals(cacheDir.resolve("greet"), script);
    assertEquals(SCRIPT, Files.readString(script));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir)));
    assertEquals(
        "/api/v1/devices/" + FakeDeviceApi.DEVICE + "/handlers/greet",
        api.requests().get(0).path());
    assertEquals(
        List.of(script.toString()), resolver.command("greet", null), "a #! script runs itself");
  }

  @Test
  void aScriptThatDoesNotHaveItsPublishedHashIsNotRun() {
    api.answer(200, handler("greet", "bash", SCRIPT, Sha256.hex(bytes("something else"))));

    HandlerUnavailableException refused =
        assertThrows(HandlerUnavailableException.class, () -> resolver.resolve("greet", null));

    assertTrue(refused.getMessage().contains("not the published"), refused.getMessage());
    assertFalse(Files.exists(cacheDir.resolve("greet")));
  }

  @Test
  void aCachedCopyChangedOnTheDeviceIsReplacedAndANewVersionIsFetched() throws Exception {
    String hash = Sha256.hex(bytes(SCRIPT));
    api.answer(200, handler("greet", "bash", SCRIPT, hash))
        .answer(200, handler("greet", "bash", SCRIPT, hash));
    Path script = resolver.resolve("greet", null);
    Files.writeString(script, "#!/bin/sh\necho tampered\n");

    resolver.resolve("greet", null);
    assertEquals(SCRIPT, Files.readString(script), "the tampered copy was replaced");

    String newer = "#!/bin/sh\necho \"hi $1\"\n";
    api.answer(200, handler("greet", "bash", newer, Sha256.hex(bytes(newer))));
    resolver.resolve("greet", null);
    assertEquals(newer, Files.readString(script));
  }

  @Test
  void withoutTheServerOnlyAnUntouchedCachedCopyRuns() throws Exception {
    api.answer(200, handler("greet", "bash", SCRIPT, Sha256.hex(bytes(SCRIPT)))).answer(503, "{}");
    Path script = resolver.resolve("greet", null);

    assertEquals(
        script, resolver.resolve("greet", null), "the server is down: the verified copy runs");

    Files.writeString(script, "#!/bin/sh\necho tampered\n");
    api.answer(503, "{}");
    HandlerUnavailableException refused =
        assertThrows(HandlerUnavailableException.class, () -> resolver.resolve("greet", null));
    assertTrue(refused.getMessage().contains("changed on this device"), refused.getMessage());
  }

  @Test
  void aHandlerTheLibraryDoesNotHaveIsUnavailable() {
    api.answer(404, "{\"error\": \"not_found\", \"message\": \"handler nope\"}");

    HandlerUnavailableException refused =
        assertThrows(HandlerUnavailableException.class, () -> resolver.resolve("nope", null));

    assertEquals(
        "handler \"nope\" is not in the server's library (or inactive)", refused.getMessage());
  }

  @Test
  void aLocalPathOverridesTheLibraryAndABadNameNeverReachesTheServer() throws Exception {
    Path local = Files.createDirectories(state.resolve("local"));
    Path script = Files.writeString(local.resolve("mine"), SCRIPT);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    assertEquals(script.toAbsolutePath(), resolver.resolve("mine", local.toString()));
    assertThrows(HandlerUnavailableException.class, () -> resolver.resolve("../../bin/sh", null));
    assertTrue(api.requests().isEmpty());
  }

  @Test
  void aScriptWithoutAShebangRunsWithTheInterpreterOfItsType() throws Exception {
    String plain = "echo plain\n";
    api.answer(200, handler("plain", "sh", plain, Sha256.hex(bytes(plain))));

    assertEquals(
        List.of("/bin/sh", cacheDir.resolve("plain").toString()), resolver.command("plain", null));
  }

  private static String handler(String name, String type, String script, String sha256) {
    ObjectNode handler = Json.object();
    handler.put("name", name);
    handler.put("script_type", type);
    handler.put("script", script);
    handler.put("script_sha256", sha256);
    return handler.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
