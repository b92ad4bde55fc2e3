package io.devicejobs.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.config.DatabaseSslMode;
import io.devicejobs.config.DatabaseTls;
import io.devicejobs.testing.TestCertificates;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ssl.NonValidatingFactory;

/** How each mode is spelt for the reactive client and for pgjdbc (DatabaseTlsConnectionTest connects for real). */
class DatabaseTlsOptionsTest {
  @TempDir Path tmp;

  @Test
  void disableIsPlainTextForBothClients() {
    PgConnectOptions reactive = reactive(DatabaseTls.DISABLED);
    assertEquals(SslMode.DISABLE, reactive.getSslMode());
    PGSimpleDataSource jdbc = jdbc(DatabaseTls.DISABLED);
    assertEquals("disable", jdbc.getSslMode(), "explicit: pgjdbc's own default is prefer");
  }

  @Test
  void preferAndRequireEncryptWithoutCheckingTheCertificate() {
    for (DatabaseSslMode mode :
        new DatabaseSslMode[] {DatabaseSslMode.PREFER, DatabaseSslMode.REQUIRE}) {
      DatabaseTls tls = new DatabaseTls(mode, null);
      PgConnectOptions reactive = reactive(tls);
      assertEquals(SslMode.of(mode.word()), reactive.getSslMode());
      assertTrue(reactive.getSslOptions().isTrustAll(), mode.word());
      assertEquals("", reactive.getSslOptions().getHostnameVerificationAlgorithm());
      PGSimpleDataSource jdbc = jdbc(tls);
      assertEquals(mode.word(), jdbc.getSslMode());
      assertEquals(NonValidatingFactory.class.getName(), jdbc.getSslfactory());
    }
  }

  @Test
  void verifyModesTrustTheRootCertAndVerifyFullChecksTheHostName() {
    Path ca = TestCertificates.newCa(tmp, "ca").caCertificate();
    for (DatabaseSslMode mode :
        new DatabaseSslMode[] {DatabaseSslMode.VERIFY_CA, DatabaseSslMode.VERIFY_FULL}) {
      DatabaseTls tls = new DatabaseTls(mode, ca);
      PgConnectOptions reactive = reactive(tls);
      assertEquals(SslMode.of(mode.word()), reactive.getSslMode());
      assertFalse(reactive.getSslOptions().isTrustAll());
      assertNotNull(reactive.getSslOptions().getTrustOptions());
      assertEquals(
          mode.verifiesHost() ? "HTTPS" : "",
          reactive.getSslOptions().getHostnameVerificationAlgorithm());
      PGSimpleDataSource jdbc = jdbc(tls);
      assertEquals(mode.word(), jdbc.getSslMode());
      assertEquals(JdbcTrustSocketFactory.class.getName(), jdbc.getSslfactory());
      assertEquals(ca.toString(), jdbc.getSslRootCert());
    }
  }

  @Test
  void withoutARootCertTheJvmTrustStoreIsUsedAndNoFileIsNamed() {
    DatabaseTls tls = new DatabaseTls(DatabaseSslMode.VERIFY_FULL, null);
    assertNotNull(reactive(tls).getSslOptions().getTrustOptions());
    PGSimpleDataSource jdbc = jdbc(tls);
    assertEquals(JdbcTrustSocketFactory.class.getName(), jdbc.getSslfactory());
    assertNull(jdbc.getSslRootCert(), "not pgjdbc's default ~/.postgresql/root.crt either");
  }

  private static PgConnectOptions reactive(DatabaseTls tls) {
    return DatabaseTlsOptions.reactive(new PgConnectOptions(), tls);
  }

  private static PGSimpleDataSource jdbc(DatabaseTls tls) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    DatabaseTlsOptions.jdbc(source, tls);
    return source;
  }
}
