package io.devicejobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.devicejobs.agent.AgentConfig;
import io.devicejobs.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** X_FILE for every secret: the file's content less one trailing newline; X and X_FILE together are refused. */
class SecretsFromFilesTest {
  @TempDir Path tmp;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(tmp.resolve(name), content);
  }

  @Test
  void theServersSecretsComeFromFiles() throws IOException {
    AppConfig config =
        AppConfig.from(
            Map.of(
                "DB_HOST", "db.example",
                "DB_PASSWORD_FILE", file("db", "s3cret\n").toString(),
                "ADMIN_API_KEY_FILE", file("admin", "djk_from-a-file\n").toString(),
                "METRICS_TOKEN_FILE", file("metrics", "scrape-me").toString()));
    assertEquals("s3cret", config.externalDatabase().password());
    assertEquals("djk_from-a-file", config.adminApiKey());
    assertEquals("scrape-me", config.metricsToken());
  }

  @Test
  void theAgentsTokenComesFromAFile() throws IOException {
    AgentConfig config =
        AgentConfig.parse(
            List.of("--device", "5f0c6c58-5a8e-4a57-9d37-1d1b1c7b0a11"),
            Map.of("DEVICE_TOKEN_FILE", file("token", "djd_token\r\n").toString()));
    assertEquals("djd_token", config.deviceToken());
  }

  @Test
  void onlyOneTrailingNewlineIsRemoved() throws IOException {
    Environment env =
        new Environment(Map.of("METRICS_TOKEN_FILE", file("t", "a b\n\n").toString()));
    assertEquals("a b\n", env.get(Variable.secret("METRICS_TOKEN")));
  }

  @Test
  void bothTheVariableAndItsFileIsAConfigurationError() throws IOException {
    Map<String, String> env =
        Map.of("ADMIN_API_KEY", "djk_x", "ADMIN_API_KEY_FILE", file("k", "djk_y").toString());
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> AppConfig.from(env));
    assertEquals("set ADMIN_API_KEY or ADMIN_API_KEY_FILE, not both", e.getMessage());
  }

  @Test
  void aMissingOrEmptyFileIsAOneLineErrorNamingTheVariable() throws IOException {
    Path missing = tmp.resolve("nope");
    ConfigurationException gone =
        assertThrows(
            ConfigurationException.class,
            () -> AppConfig.from(Map.of("DB_HOST", "h", "DB_PASSWORD_FILE", missing.toString())));
    assertEquals(
        "DB_PASSWORD_FILE: cannot read " + missing + " (NoSuchFileException)", gone.getMessage());

    Path empty = file("empty", "\n");
    ConfigurationException blank =
        assertThrows(
            ConfigurationException.class,
            () -> AppConfig.from(Map.of("METRICS_TOKEN_FILE", empty.toString())));
    assertEquals("METRICS_TOKEN_FILE: " + empty + " is empty", blank.getMessage());
  }
}
