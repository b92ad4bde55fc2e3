package io.devicejobs.config;

import io.devicejobs.cli.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** Reads the CA certificates of DB_SSL_ROOT_CERT: one or more PEM blocks (a CA bundle) in one file. */
public final class RootCertificates {
  private RootCertificates() {}

  public static List<X509Certificate> read(Path file) {
    String label = ServerVariables.DB_SSL_ROOT_CERT.name();
    List<X509Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (IOException e) {
      throw new ConfigurationException(
          label + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    } catch (CertificateException e) {
      throw new ConfigurationException(
          label + ": " + file + " is not a PEM certificate file (" + e.getMessage() + ")", e);
    }
    if (certificates.isEmpty()) {
      throw new ConfigurationException(label + ": " + file + " holds no certificate");
    }
    return certificates;
  }
}
