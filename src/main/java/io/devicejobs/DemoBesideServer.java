package io.devicejobs;

import io.devicejobs.config.AppConfig;
import io.devicejobs.security.FirstAdminKey;
import io.devicejobs.simulator.DemoFleet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code serve --demo}: wires the simulator's demo fleet to the server that runs in this process. */
final class DemoBesideServer {
  private static final Logger LOG = LoggerFactory.getLogger(DemoBesideServer.class);

  private DemoBesideServer() {}

  /**
   * The demo beside a server that has just started in this process: it talks to the server's port on the
   * loopback address with the admin key (ADMIN_API_KEY, or the one first start wrote to DATA_DIR). When it
   * cannot start, the server runs on without it.
   */
  static AutoCloseable startBeside(AppConfig config, int port) {
    String host =
        config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
    URI apiBase =
        URI.create(
            "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/api/v1");
    try {
      return DemoFleet.start(apiBase, adminKey(config));
    } catch (Exception e) {
      LOG.error("demo: the simulated devices could not start: {}", e.toString());
      return () -> {};
    }
  }

  private static String adminKey(AppConfig config) throws IOException {
    if (config.adminApiKey() != null) {
      return config.adminApiKey();
    }
    Path written = config.dataDir().resolve(FirstAdminKey.FILE_NAME);
    if (!Files.exists(written)) {
      throw new IOException(
          "no admin key: set ADMIN_API_KEY (the one first start wrote to " + written + " is gone)");
    }
    return Files.readString(written).trim();
  }
}
