package io.devicejobs;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.devicejobs.testing.ServerTest;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Execute your first job" block, run with bash exactly as it stands against a real server: its
 * documented {@code BASE} and {@code KEY} variables point it at this test's server.
 */
class FirstJobInReadmeTest extends ServerTest {
  private static final Pattern SECTION =
      Pattern.compile("(?s)\n## Execute your first job\n(.*?)\n## ");
  private static final Pattern SHELL_BLOCK = Pattern.compile("(?s)```sh\n(.*?)```");

  @TempDir Path tmp;

  @Test
  void theFirstJobCommandsRunAsTheyStandAndTheJobSucceeds() throws Exception {
    String block = firstJobBlock();
    assertTrue(
        block.startsWith(
            "BASE=${BASE:-http://localhost:4002/api/v1}\nKEY=${KEY:-$(cat data/admin-api-key)}\n"),
        "the block lets BASE and KEY be set beforehand, as the README says:\n" + block);
    requireTools();

    Path script = Files.writeString(tmp.resolve("first-job.sh"), block);
    Path output = tmp.resolve("output.txt");
    ProcessBuilder bash =
        new ProcessBuilder("bash", "-e", "-o", "pipefail", script.toString())
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    bash.environment().put("BASE", "http://127.0.0.1:" + server.port() + "/api/v1");
    bash.environment().put("KEY", TestServer.ADMIN_KEY);
    Process run = bash.start();
    if (!run.waitFor(120, TimeUnit.SECONDS)) {
      run.destroyForcibly();
      fail("the README's commands did not finish:\n" + read(output));
    }
    String printed = read(output);
    assertEquals(0, run.exitValue(), printed);
    assertTrue(
        printed.endsWith("\"SUCCEEDED\"\n1\n\"hello\\n\"\n"),
        "the last command prints what the README says:\n" + printed);

    JsonArray devices =
        assertStatus(200, api.get("/devices?search=first-device")).getJsonArray("devices");
    assertEquals(1, devices.size(), devices::encode);
    String device = devices.getJsonObject(0).getString("uuid");
    JsonObject job =
        assertStatus(200, api.get("/jobs/executions?device_uuid=" + device))
            .getJsonArray("executions")
            .getJsonObject(0);
    assertEquals("first job", job.getString("job_name"));
    assertEquals("SUCCEEDED", job.getString("status"));
  }

  private static String firstJobBlock() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher section = SECTION.matcher(readme);
    assertTrue(section.find(), "README.md has a section \"Execute your first job\"");
    Matcher block = SHELL_BLOCK.matcher(section.group(1));
    assertTrue(block.find(), "the section has a ```sh block");
    return block.group(1);
  }

  /** The README's commands need bash, curl and jq (Debian's packages; .ci/run installs them). */
  private static void requireTools() {
    for (String tool : List.of("bash", "curl", "jq")) {
      if (!onPath(tool)) {
        fail(
            "the README's first-job commands need "
                + tool
                + " on the PATH (apt-get install "
                + tool
                + ")");
      }
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
