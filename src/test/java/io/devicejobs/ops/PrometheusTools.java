package io.devicejobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's prometheus package (promtool, prometheus) on the PATH. Without it the tests skip themselves with the
 * reason, unless REQUIRE_PROMETHEUS=1 (set by .ci/run, which installs the package): then they fail.
 */
final class PrometheusTools {
  static final Path RULES_DIR = Path.of("dashboards/prometheus").toAbsolutePath();

  private PrometheusTools() {}

  /** The executable's path, or the test is skipped (or failed, where it is required). */
  static String require(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, tool);
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    String reason = tool + " is not installed (Debian package 'prometheus'; .ci/run installs it)";
    if ("1".equals(System.getenv("REQUIRE_PROMETHEUS"))) {
      fail(reason + ", and REQUIRE_PROMETHEUS=1 requires it");
    }
    Assumptions.abort(reason + " (set REQUIRE_PROMETHEUS=1 to fail instead)");
    return null;
  }

  /** Runs a command in the rules directory; its exit status must be 0. Returns its output. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish: " + output);
    }
    assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
    return output;
  }
}
