package io.devicejobs.db;

import io.devicejobs.cli.ExpectedFailure;
import io.devicejobs.config.AppConfig.DatabaseSettings;
import io.devicejobs.config.DatabaseTls;
import io.devicejobs.config.ServerVariables;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/**
 * Turns a failure to connect to the database (unreachable, no TLS where DB_SSL_MODE requires it, a certificate
 * that is not trusted or names another host) into the one line the operator gets instead of a stack trace.
 */
public final class ConnectionFailures {
  /** SQLSTATE class 08: connection exceptions (pgjdbc uses it for refused connections and TLS failures). */
  private static final String CONNECTION_EXCEPTION = "08";

  /** What the reactive client says when the server answers "no TLS here". */
  private static final String REACTIVE_NO_TLS = "does not handle SSL";

  private ConnectionFailures() {}

  /** The failure as one line, or null when it is not a failure to connect. */
  public static ExpectedFailure explain(Throwable failure, DatabaseSettings database) {
    String reason = reason(failure);
    if (reason == null) {
      return null;
    }
    if (causedBy(failure, CertPathBuilderException.class)
        || causedBy(failure, CertPathValidatorException.class)) {
      reason = "its certificate is not signed by a CA of " + trusted(database.tls());
    }
    return new ExpectedFailure(
        ("cannot connect to database "
                + database
                + " with "
                + ServerVariables.DB_SSL_MODE
                + "="
                + database.tls().mode()
                + ": "
                + reason)
            .replaceAll("\\s*\\R\\s*", " "),
        failure);
  }

  private static String reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
        return sql.getMessage();
      }
      if (cause instanceof SSLException
          || String.valueOf(cause.getMessage()).contains(REACTIVE_NO_TLS)) {
        return cause.getMessage();
      }
    }
    return null;
  }

  private static String trusted(DatabaseTls tls) {
    return tls.rootCert() == null
        ? "the JVM's trust store (set " + ServerVariables.DB_SSL_ROOT_CERT + ")"
        : ServerVariables.DB_SSL_ROOT_CERT + " (" + tls.rootCert() + ")";
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (kind.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
