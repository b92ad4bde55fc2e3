package io.devicejobs.ops;

import io.devicejobs.cli.ConfigurationException;
import io.devicejobs.cli.Environment;
import io.devicejobs.config.ServerVariables;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar device-jobs.jar health [--url URL]}: exit 0 when the server answers 200 on /health/ready, 1
 * otherwise. The container image's HEALTHCHECK uses it, since the JRE image has no curl.
 */
public final class HealthProbe {
  private HealthProbe() {}

  /** The readiness URL: --url, else this host's PORT (4002). */
  public static URI target(List<String> options, Map<String, String> env) {
    if (options.size() == 2 && options.get(0).equals("--url")) {
      return URI.create(options.get(1));
    }
    if (!options.isEmpty()) {
      throw new ConfigurationException("health takes no option but --url URL");
    }
    int port = new Environment(env).get(ServerVariables.PORT);
    return URI.create("http://127.0.0.1:" + port + "/health/ready");
  }

  /** 0 when ready, 1 when not (or not answering within 5 seconds). */
  public static int probe(URI target) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200) {
        return 0;
      }
      System.err.println(target + " answered " + answer.statusCode() + ": " + answer.body());
      return 1;
    } catch (IOException e) {
      System.err.println(target + " did not answer: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
