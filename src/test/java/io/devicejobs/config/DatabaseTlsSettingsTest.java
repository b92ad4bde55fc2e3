package io.devicejobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.cli.ConfigurationException;
import io.devicejobs.cli.Environment;
import io.devicejobs.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of DB_SSL_MODE and DB_SSL_ROOT_CERT, as the configuration reads them (no database). */
class DatabaseTlsSettingsTest {
  @TempDir static Path tmp;
  private static Path caBundle;

  @BeforeAll
  static void makeACaBundle() throws IOException {
    Path first = TestCertificates.newCa(tmp, "first-ca").caCertificate();
    Path second = TestCertificates.newCa(tmp, "second-ca").caCertificate();
    caBundle = tmp.resolve("bundle.pem");
    Files.writeString(caBundle, Files.readString(first) + Files.readString(second));
  }

  @Test
  void theDefaultIsDisableForTheEmbeddedDatabaseAndPreferForAnExternalOne() {
    assertEquals(DatabaseSslMode.DISABLE, tls(Map.of()).mode());
    assertNull(AppConfig.from(Map.of()).externalDatabase(), "embedded");
    assertEquals(DatabaseSslMode.PREFER, tls(external()).mode());
  }

  @Test
  void everyModeIsReadByItsLibpqWord() {
    for (DatabaseSslMode mode : DatabaseSslMode.values()) {
      assertEquals(mode, tls(external("DB_SSL_MODE", mode.word())).mode(), mode.word());
    }
    assertEquals(
        List.of("disable", "prefer", "require", "verify-ca", "verify-full"),
        DatabaseSslMode.words());
  }

  @Test
  void anUnknownModeIsAConfigurationError() {
    assertEquals(
        "DB_SSL_MODE must be one of disable, prefer, require, verify-ca, verify-full, not"
            + " \"VERIFY-FULL\"",
        error(external("DB_SSL_MODE", "VERIFY-FULL")));
    assertEquals(
        "DB_SSL_MODE must be one of disable, prefer, require, verify-ca, verify-full, not \"allow\"",
        error(external("DB_SSL_MODE", "allow")));
  }

  @Test
  void whatEachModeAsksFor() {
    assertFalse(DatabaseSslMode.DISABLE.requiresTls());
    assertFalse(DatabaseSslMode.PREFER.requiresTls());
    assertTrue(DatabaseSslMode.REQUIRE.requiresTls());
    assertFalse(DatabaseSslMode.REQUIRE.verifiesCertificate());
    assertTrue(DatabaseSslMode.VERIFY_CA.verifiesCertificate());
    assertFalse(DatabaseSslMode.VERIFY_CA.verifiesHost());
    assertTrue(DatabaseSslMode.VERIFY_FULL.requiresTls());
    assertTrue(DatabaseSslMode.VERIFY_FULL.verifiesCertificate());
    assertTrue(DatabaseSslMode.VERIFY_FULL.verifiesHost());
  }

  @Test
  void aRootCertIsReadWithTheVerifyModesEveryCertificateOfTheBundle() {
    for (String mode : List.of("verify-ca", "verify-full")) {
      DatabaseTls tls = tls(external("DB_SSL_MODE", mode, "DB_SSL_ROOT_CERT", caBundle.toString()));
      assertEquals(caBundle, tls.rootCert());
      assertEquals(2, tls.rootCertificates().size());
    }
    DatabaseTls jvmTrustStore = tls(external("DB_SSL_MODE", "verify-full"));
    assertNull(jvmTrustStore.rootCert());
    assertEquals(List.of(), jvmTrustStore.rootCertificates());
  }

  @Test
  void aRootCertWithoutAVerifyModeIsAConfigurationError() {
    for (String mode : List.of("disable", "prefer", "require")) {
      assertEquals(
          "DB_SSL_ROOT_CERT is only used with DB_SSL_MODE verify-ca or verify-full, not " + mode,
          error(external("DB_SSL_MODE", mode, "DB_SSL_ROOT_CERT", caBundle.toString())));
    }
    assertEquals(
        "DB_SSL_ROOT_CERT is only used with DB_SSL_MODE verify-ca or verify-full, not prefer",
        error(external("DB_SSL_ROOT_CERT", caBundle.toString())),
        "the default mode of an external database");
  }

  @Test
  void tlsWithoutAnExternalDatabaseIsAConfigurationError() {
    assertEquals(DatabaseSslMode.DISABLE, tls(Map.of("DB_SSL_MODE", "disable")).mode());
    assertEquals(
        "DB_SSL_MODE=verify-full needs DB_HOST: the embedded database is reached without TLS",
        error(Map.of("DB_SSL_MODE", "verify-full")));
    assertEquals(
        "DB_SSL_ROOT_CERT is only used with DB_SSL_MODE verify-ca or verify-full, not disable",
        error(Map.of("DB_SSL_ROOT_CERT", caBundle.toString())));
  }

  @Test
  void aRootCertFileThatCannotBeUsedIsAConfigurationErrorNamingTheVariable() throws IOException {
    Path missing = tmp.resolve("missing.pem");
    assertEquals(
        "DB_SSL_ROOT_CERT: cannot read " + missing + " (NoSuchFileException)",
        error(external("DB_SSL_MODE", "verify-full", "DB_SSL_ROOT_CERT", missing.toString())));
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
    assertEquals(
        "DB_SSL_ROOT_CERT: " + empty + " holds no certificate",
        error(external("DB_SSL_MODE", "verify-full", "DB_SSL_ROOT_CERT", empty.toString())));
    Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a certificate\n");
    assertTrue(
        error(external("DB_SSL_MODE", "verify-ca", "DB_SSL_ROOT_CERT", garbage.toString()))
            .startsWith("DB_SSL_ROOT_CERT: " + garbage + " "));
  }

  @Test
  void theTlsSettingsGoWithTheDatabaseAndItsOtherDatabases() {
    AppConfig config =
        AppConfig.from(
            external("DB_SSL_MODE", "verify-ca", "DB_SSL_ROOT_CERT", caBundle.toString()));
    DatabaseTls tls = config.externalDatabase().tls();
    assertEquals(DatabaseSslMode.VERIFY_CA, tls.mode());
    assertEquals(tls, config.externalDatabase().withDatabase("other").tls());
  }

  private static DatabaseTls tls(Map<String, String> env) {
    AppConfig config = AppConfig.from(env);
    return config.embeddedDatabase()
        ? DatabaseTls.from(new Environment(env), false)
        : config.externalDatabase().tls();
  }

  private static String error(Map<String, String> env) {
    return assertThrows(ConfigurationException.class, () -> AppConfig.from(env)).getMessage();
  }

  /** An external database with these settings (pairs of name and value). */
  private static Map<String, String> external(String... settings) {
    Map<String, String> env = new HashMap<>();
    env.put("DB_HOST", "db.example.com");
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return env;
  }
}
