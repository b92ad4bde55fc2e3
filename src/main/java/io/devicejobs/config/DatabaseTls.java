package io.devicejobs.config;

import io.devicejobs.cli.ConfigurationException;
import io.devicejobs.cli.Environment;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS to the database (DB_SSL_MODE, DB_SSL_ROOT_CERT), the same for the pool, the LISTEN connection and Flyway.
 *
 * @param mode how much TLS is asked for
 * @param rootCert the PEM file of the CAs a verify-* mode trusts; null means the JVM's default trust store
 */
public record DatabaseTls(DatabaseSslMode mode, Path rootCert) {
  public static final DatabaseTls DISABLED = new DatabaseTls(DatabaseSslMode.DISABLE, null);

  public DatabaseTls {
    if (rootCert != null && !mode.verifiesCertificate()) {
      // A CA that would not be checked gives a false sense of safety.
      throw new ConfigurationException(
          ServerVariables.DB_SSL_ROOT_CERT
              + " is only used with "
              + ServerVariables.DB_SSL_MODE
              + " verify-ca or verify-full, not "
              + mode);
    }
  }

  /**
   * The settings of the environment. The embedded database runs on this machine without TLS, so asking for TLS
   * without DB_HOST is an error rather than a setting silently ignored.
   */
  static DatabaseTls from(Environment env, boolean externalDatabase) {
    String word = env.get(ServerVariables.DB_SSL_MODE);
    String rootCert = env.get(ServerVariables.DB_SSL_ROOT_CERT);
    DatabaseSslMode mode =
        word != null
            ? DatabaseSslMode.of(word)
            : externalDatabase ? DatabaseSslMode.PREFER : DatabaseSslMode.DISABLE;
    DatabaseTls tls = new DatabaseTls(mode, rootCert == null ? null : Path.of(rootCert));
    if (!externalDatabase && mode != DatabaseSslMode.DISABLE) {
      throw new ConfigurationException(
          ServerVariables.DB_SSL_MODE
              + "="
              + mode
              + " needs "
              + ServerVariables.DB_HOST
              + ": the embedded database is reached without TLS");
    }
    tls.rootCertificates();
    return tls;
  }

  /** The CAs of {@link #rootCert}, read now (empty when there is none): a bad file is a configuration error. */
  public List<X509Certificate> rootCertificates() {
    return rootCert == null ? List.of() : RootCertificates.read(rootCert);
  }
}
