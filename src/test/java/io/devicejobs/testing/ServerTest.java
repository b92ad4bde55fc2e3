package io.devicejobs.testing;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class with one real server (and its own database) for all its tests, an admin client and a fleet. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTest {
  protected TestServer server;
  protected ApiClient api;
  protected Fleet fleet;

  /** Settings of this class's server, besides the test defaults. */
  protected Map<String, String> settings() {
    return Map.of();
  }

  @BeforeAll
  final void startServer() {
    server = TestServer.start(settings());
    api = server.client();
    fleet = new Fleet(server);
  }

  @AfterAll
  final void stopServer() {
    server.close();
  }
}
