package io.devicejobs.ops;

import io.devicejobs.cli.BuildInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code health [--url URL]}: the container's health check (exit 0 when ready, 1 when not). */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Exit 0 if the server on this host (PORT) answers ready on /health/ready within 5 s, else 1.")
public final class HealthCommand implements Callable<Integer> {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "the readiness URL of another server, default http://127.0.0.1:$PORT/health/ready")
  String url;

  private final Map<String, String> env;

  public HealthCommand(Map<String, String> env) {
    this.env = env;
  }

  public URI target() {
    return HealthProbe.target(url == null ? List.of() : List.of("--url", url), env);
  }

  @Override
  public Integer call() {
    return HealthProbe.probe(target());
  }
}
