package io.devicejobs.db;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CAs a verify-* DB_SSL_MODE trusts, for both clients (the reactive one and Flyway's JDBC): the certificates of
 * DB_SSL_ROOT_CERT, or the JVM's default trust store when it is not set (managed databases with a public CA; the
 * store can be changed with {@code -Djavax.net.ssl.trustStore}).
 */
final class DatabaseTrust {
  private DatabaseTrust() {}

  static TrustManagerFactory of(List<X509Certificate> rootCertificates) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (rootCertificates.isEmpty()) {
        factory.init((KeyStore) null);
        return factory;
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < rootCertificates.size(); i++) {
        store.setCertificateEntry("root-" + i, rootCertificates.get(i));
      }
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the database trust store", e);
    }
  }
}
