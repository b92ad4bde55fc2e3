package io.devicejobs.db;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.cli.ExpectedFailure;
import io.devicejobs.config.AppConfig;
import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.devicejobs.config.DatabaseSslMode;
import io.devicejobs.config.DatabaseTls;
import io.devicejobs.live.NotificationVerticle;
import io.devicejobs.testing.Await;
import io.devicejobs.testing.RestartablePostgres;
import io.devicejobs.testing.ServerProcess;
import io.devicejobs.testing.Sql;
import io.devicejobs.testing.TestCertificates;
import io.devicejobs.testing.TestCertificates.ServerCertificate;
import io.devicejobs.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DB_SSL_MODE and DB_SSL_ROOT_CERT against real PostgreSQL servers of this class's own: one with TLS only (its
 * pg_hba.conf refuses every connection in plain text, so a server that starts on it connected Flyway, the pool and
 * the LISTEN connection over TLS), with a certificate for {@code localhost} that the test's own CA signed, and one
 * without TLS. Failed starts run as real processes, where the one-line error and the exit status are seen.
 */
class DatabaseTlsConnectionTest {
  private static final String CERTIFIED_HOST = "localhost";

  /** The same server by another name: the certificate does not name it. */
  private static final String UNCERTIFIED_HOST = "127.0.0.1";

  private static final AtomicInteger NEXT_DATABASE = new AtomicInteger();

  @TempDir static Path tmp;

  private static TestCertificates ca;
  private static RestartablePostgres tlsOnly;
  private static RestartablePostgres plain;

  @BeforeAll
  static void startTheServers() throws IOException {
    ca = TestCertificates.newCa(tmp, "test-ca");
    ServerCertificate certificate = ca.issueServer("postgres-server", CERTIFIED_HOST);
    Path hba = tmp.resolve("pg_hba.conf");
    Files.writeString(
        hba,
        String.join(
            "\n",
            "hostssl all all 127.0.0.1/32 trust",
            "hostssl all all ::1/128 trust",
            "hostnossl all all all reject",
            ""));
    tlsOnly =
        RestartablePostgres.start(
            tmp.resolve("tls-pg"),
            Map.of(
                "ssl", "on",
                "ssl_cert_file", certificate.certificate().toString(),
                "ssl_key_file", certificate.key().toString(),
                "hba_file", hba.toString()));
    plain = RestartablePostgres.start(tmp.resolve("plain-pg"));
  }

  @AfterAll
  static void stopTheServers() {
    if (tlsOnly != null) {
      tlsOnly.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  @Test
  void verifyFullWithTheRootCertConnectsFlywayThePoolAndTheListenerOverTls() {
    DatabaseSettings database = newDatabase(tlsOnly, CERTIFIED_HOST);
    try (TestServer server = TestServer.startOn(database, verifyFull(ca.caCertificate()))) {
      assertStatus(200, server.client().get("/health/ready"));
      assertStatus(200, server.client().get("/jobs/templates"));
      Sql sql = new Sql(database);
      // The pg_hba.conf refuses plain text: Flyway migrated over TLS.
      assertTrue(sql.count("SELECT count(*) FROM flyway_schema_history WHERE success") > 0);
      Await.until("the LISTEN connection is up", () -> backends(sql, LISTENER + " AND ssl") == 1);
      assertTrue(backends(sql, "ssl") >= 2, "the pool's connection and the listener's");
      assertEquals(0, backends(sql, "NOT ssl"), "no backend of this database in plain text");
    }
  }

  @Test
  void verifyCaTrustsTheCaWhateverHostNameWasUsed() {
    DatabaseSettings database = newDatabase(tlsOnly, UNCERTIFIED_HOST);
    try (TestServer server =
        TestServer.startOn(
            database,
            Map.of(
                "DB_SSL_MODE", "verify-ca", "DB_SSL_ROOT_CERT", ca.caCertificate().toString()))) {
      assertStatus(200, server.client().get("/health/ready"));
    }
  }

  @Test
  void verifyFullRefusesACertificateThatDoesNotNameTheHostInOneLineWithStatus1() {
    DatabaseSettings database = newDatabase(tlsOnly, UNCERTIFIED_HOST);
    assertFailsWithOneLine(
        ServerProcess.on(database, tmp, verifyFull(ca.caCertificate())),
        1,
        "device-jobs: cannot connect to database "
            + database
            + " with DB_SSL_MODE=verify-full: The hostname 127.0.0.1 could not be verified by"
            + " hostnameverifier PgjdbcHostnameVerifier.");
  }

  @Test
  void verifyFullRefusesACertificateThatNoTrustedCaSigned() {
    DatabaseSettings database = newDatabase(tlsOnly, CERTIFIED_HOST);
    TestCertificates otherCa = TestCertificates.newCa(tmp, "other-ca");
    ExpectedFailure wrongCa =
        assertThrows(
            ExpectedFailure.class,
            () -> TestServer.startOn(database, verifyFull(otherCa.caCertificate())));
    assertEquals(
        "cannot connect to database "
            + database
            + " with DB_SSL_MODE=verify-full: its certificate is not signed by a CA of"
            + " DB_SSL_ROOT_CERT ("
            + otherCa.caCertificate()
            + ")",
        wrongCa.getMessage());
    // Without DB_SSL_ROOT_CERT the JVM's trust store decides, and it does not hold the test's CA.
    ExpectedFailure jvmTrust =
        assertThrows(
            ExpectedFailure.class,
            () -> TestServer.startOn(database, Map.of("DB_SSL_MODE", "verify-full")));
    assertTrue(
        jvmTrust
            .getMessage()
            .endsWith(
                "its certificate is not signed by a CA of the JVM's trust store (set"
                    + " DB_SSL_ROOT_CERT)"),
        jvmTrust::getMessage);
  }

  @Test
  void requireRefusesAServerWithoutTlsInOneLineWithStatus1() {
    DatabaseSettings database = newDatabase(plain, CERTIFIED_HOST);
    assertFailsWithOneLine(
        ServerProcess.on(database, tmp, Map.of("DB_SSL_MODE", "require")),
        1,
        "device-jobs: cannot connect to database "
            + database
            + " with DB_SSL_MODE=require: The server does not support SSL.");
  }

  @Test
  void aRootCertWithoutAVerifyModeIsAConfigurationErrorWithStatus2() {
    DatabaseSettings database = newDatabase(tlsOnly, CERTIFIED_HOST);
    assertFailsWithOneLine(
        ServerProcess.on(
            database,
            tmp,
            Map.of("DB_SSL_MODE", "require", "DB_SSL_ROOT_CERT", ca.caCertificate().toString())),
        2,
        "configuration error: DB_SSL_ROOT_CERT is only used with DB_SSL_MODE verify-ca or"
            + " verify-full, not require");
  }

  @Test
  void preferFallsBackToPlainTextWhereTheServerOffersNoTls() {
    DatabaseSettings database = newDatabase(plain, CERTIFIED_HOST);
    try (TestServer server = TestServer.startOn(database, Map.of("DB_SSL_MODE", "prefer"))) {
      assertStatus(200, server.client().get("/health/ready"));
      assertStatus(200, server.client().get("/jobs/templates"));
      Sql sql = new Sql(database);
      Await.until("the LISTEN connection is up", () -> backends(sql, LISTENER) == 1);
      assertEquals(0, backends(sql, "ssl"), "plain text: the server offers no TLS");
    }
  }

  @Test
  void preferIsSettledAtStartSoThatTheReactiveClientsNeverTryTlsWhereItIsNotOffered()
      throws IOException {
    Map<String, String> prefer = Map.of("DB_SSL_MODE", "prefer");
    try (Database noTls = Database.prepare(config(newDatabase(plain, CERTIFIED_HOST), prefer))) {
      assertEquals(DatabaseTls.DISABLED, noTls.settings().tls());
    }
    try (Database tls = Database.prepare(config(newDatabase(tlsOnly, CERTIFIED_HOST), prefer))) {
      assertEquals(DatabaseSslMode.PREFER, tls.settings().tls().mode());
    }
  }

  @Test
  void preferUsesTlsWhereTheServerOffersIt() {
    DatabaseSettings database = newDatabase(tlsOnly, CERTIFIED_HOST);
    try (TestServer server = TestServer.startOn(database, Map.of("DB_SSL_MODE", "prefer"))) {
      assertStatus(200, server.client().get("/health/ready"));
      Sql sql = new Sql(database);
      Await.until("the LISTEN connection is up", () -> backends(sql, LISTENER + " AND ssl") == 1);
      assertEquals(0, backends(sql, "NOT ssl"));
    }
  }

  private static AppConfig config(DatabaseSettings database, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(TestServer.environment(database));
    env.putAll(settings);
    return AppConfig.from(env);
  }

  private static Map<String, String> verifyFull(Path rootCert) {
    return Map.of("DB_SSL_MODE", "verify-full", "DB_SSL_ROOT_CERT", rootCert.toString());
  }

  /** A fresh database on that server, reached by that host name. */
  private static DatabaseSettings newDatabase(RestartablePostgres server, String host) {
    String name = "tls_test_" + NEXT_DATABASE.incrementAndGet();
    server.createDatabase(name);
    DatabaseSettings local = server.settings(name);
    return new DatabaseSettings(host, local.port(), name, local.user(), local.password());
  }

  /** Backends of this database (the test's own query excluded) that match a condition on pg_stat_ssl. */
  /** The listener's backend, by the application_name it sets (its last query may be a heartbeat, not LISTEN). */
  private static final String LISTENER =
      "application_name LIKE '" + NotificationVerticle.APPLICATION_NAME + "%'";

  private static long backends(Sql sql, String condition) {
    return sql.count(
        "SELECT count(*) FROM pg_stat_activity JOIN pg_stat_ssl USING (pid)"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND "
            + condition);
  }

  /** The start fails with this status, its last line is this message, and no line is a stack trace's. */
  private static void assertFailsWithOneLine(ServerProcess child, int status, String expected) {
    try (child) {
      assertEquals(status, child.startExpectingExit(), child::output);
      List<String> lines = child.output().lines().toList();
      assertEquals(expected, lines.get(lines.size() - 1), child::output);
      assertTrue(
          lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
          child::output);
    }
  }
}
