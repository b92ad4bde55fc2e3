package io.devicejobs.security;

import io.devicejobs.config.AppConfig;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First use without a manual step: when no operator key exists, one admin key is created, printed once in the
 * log and written to a file in DATA_DIR that only the owner can read. ADMIN_API_KEY sets it instead.
 */
public final class FirstAdminKey {
  private static final Logger LOG = LoggerFactory.getLogger(FirstAdminKey.class);
  public static final String FILE_NAME = "admin-api-key";

  private FirstAdminKey() {}

  public static Future<Void> ensure(CredentialStore store, AppConfig config) {
    String configured = config.adminApiKey();
    if (configured != null && !Secrets.OPERATOR_KEY.owns(configured)) {
      throw new IllegalArgumentException(
          "ADMIN_API_KEY must start with djk_ (generate one with: "
              + "echo djk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')");
    }
    return store
        .bootstrapAdmin(configured)
        .map(
            generated -> {
              generated.ifPresent(key -> announce(key, config.dataDir()));
              return null;
            });
  }

  private static void announce(String key, Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(file);
      Files.createFile(
          file,
          PosixFilePermissions.asFileAttribute(
              Set.copyOf(PosixFilePermissions.fromString("rw-------"))));
      Files.writeString(file, key + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UncheckedIOException(
          new IOException("cannot write " + file + ": " + e.getMessage(), e));
    }
    // The one time a secret is logged, on purpose: the operator needs it to sign in. INFO, not
    // WARN:
    // a first start is no problem, and a clean start logs no warning.
    LOG.info(
        """

        ================================================================================
          FIRST START: an admin API key was created. It is shown only here and stored in
            {}
          (readable only by this user). Use it as:  Authorization: Bearer <key>
            {}
          Create keys for people with POST /api/v1/auth/keys, then delete that file.
        ================================================================================""",
        file,
        key);
  }
}
