package io.devicejobs.db;

import io.devicejobs.config.RootCertificates;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.postgresql.PGProperty;
import org.postgresql.ssl.WrappedFactory;

/**
 * pgjdbc's TLS sockets for the verify-* modes, trusting what {@link DatabaseTrust} trusts (pgjdbc names it in
 * {@code sslfactory} and passes the connection properties). Unlike pgjdbc's default factory it offers no client
 * certificate, so nothing is read from {@code ~/.postgresql} (whose files could be missing, or another user's).
 * pgjdbc checks the host name itself in verify-full.
 */
public final class JdbcTrustSocketFactory extends WrappedFactory {
  public JdbcTrustSocketFactory(Properties info) throws GeneralSecurityException {
    String rootCert = PGProperty.SSL_ROOT_CERT.getOrDefault(info);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null,
        DatabaseTrust.of(rootCert == null ? List.of() : RootCertificates.read(Path.of(rootCert)))
            .getTrustManagers(),
        null);
    factory = context.getSocketFactory();
  }
}
