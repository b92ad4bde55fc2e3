package io.devicejobs.db;

import io.devicejobs.config.DatabaseSslMode;
import io.devicejobs.config.DatabaseTls;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ssl.NonValidatingFactory;

/**
 * DB_SSL_MODE and DB_SSL_ROOT_CERT as each client spells them, so that the pool, the LISTEN connection and Flyway
 * connect alike. Both clients use libpq's mode words. prefer and require encrypt without checking the certificate
 * (as libpq does); verify-ca checks it against the trusted CAs, verify-full also checks the host name.
 */
final class DatabaseTlsOptions {
  /** Vert.x's name for "check the host name the way HTTPS does" (RFC 2818: the certificate's names). */
  private static final String CHECK_HOST_NAME = "HTTPS";

  private static final String NO_HOST_NAME_CHECK = "";

  private DatabaseTlsOptions() {}

  /** The reactive client's settings (the pool and PgSubscriber). */
  static PgConnectOptions reactive(PgConnectOptions options, DatabaseTls tls) {
    options.setSslMode(SslMode.of(tls.mode().word()));
    if (tls.mode() == DatabaseSslMode.DISABLE) {
      return options;
    }
    ClientSSLOptions ssl = new ClientSSLOptions();
    if (tls.mode().verifiesCertificate()) {
      ssl.setTrustOptions(TrustOptions.wrap(DatabaseTrust.of(tls.rootCertificates())));
    } else {
      ssl.setTrustAll(true);
    }
    ssl.setHostnameVerificationAlgorithm(
        tls.mode().verifiesHost() ? CHECK_HOST_NAME : NO_HOST_NAME_CHECK);
    return options.setSslOptions(ssl);
  }

  /** pgjdbc's settings (Flyway), always explicit: pgjdbc's own default would be prefer. */
  static void jdbc(PGSimpleDataSource source, DatabaseTls tls) {
    source.setSslMode(tls.mode().word());
    if (tls.mode().verifiesCertificate()) {
      source.setSslfactory(JdbcTrustSocketFactory.class.getName());
      if (tls.rootCert() != null) {
        source.setSslRootCert(tls.rootCert().toString());
      }
    } else if (tls.mode() != DatabaseSslMode.DISABLE) {
      // Encrypts without checking the certificate, and offers no client certificate from
      // ~/.postgresql.
      source.setSslfactory(NonValidatingFactory.class.getName());
    }
  }
}
