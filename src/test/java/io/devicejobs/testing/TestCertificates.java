package io.devicejobs.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA and server certificates signed by it, made in Java (BouncyCastle) so that the TLS tests need no openssl.
 * Everything is written as PEM files into a directory: what PostgreSQL (ssl_cert_file, ssl_key_file) and
 * DB_SSL_ROOT_CERT read.
 */
public final class TestCertificates {
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Duration VALIDITY = Duration.ofDays(2);
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final String caName;
  private final KeyPair caKeys;
  private final X509CertificateHolder ca;

  private TestCertificates(Path dir, String caName, KeyPair caKeys, X509CertificateHolder ca) {
    this.dir = dir;
    this.caName = caName;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /** A new self-signed CA; its certificate is {@code <name>.crt} in {@code dir}. */
  public static TestCertificates newCa(Path dir, String name) {
    KeyPair keys = keyPair();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = builder(subject, subject, keys);
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestCertificates authority = new TestCertificates(dir, name, keys, builder.build(signer(keys)));
    authority.write(authority.caCertificate(), authority.ca);
    return authority;
  }

  /** The CA's certificate file: what DB_SSL_ROOT_CERT names. */
  public Path caCertificate() {
    return dir.resolve(caName + ".crt");
  }

  /**
   * A server certificate for these DNS names, signed by this CA: {@code <name>.crt} and {@code <name>.key} (the key
   * readable by its owner only, as PostgreSQL demands).
   */
  public ServerCertificate issueServer(String name, String... dnsNames) {
    KeyPair keys = keyPair();
    X509v3CertificateBuilder builder = builder(ca.getSubject(), new X500Name("CN=" + name), keys);
    GeneralName[] names = new GeneralName[dnsNames.length];
    for (int i = 0; i < dnsNames.length; i++) {
      names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
    }
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServerCertificate server =
        new ServerCertificate(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    write(server.certificate(), builder.build(signer(caKeys)));
    try {
      write(server.key(), new JcaPKCS8Generator(keys.getPrivate(), null).generate());
      Files.setPosixFilePermissions(server.key(), PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** The PEM files of a server certificate and its private key. */
  public record ServerCertificate(Path certificate, Path key) {}

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        // An hour back: the clocks of test and server agree, but a certificate must not be "not yet
        // valid".
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        subjectKeys.getPublic());
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ContentSigner signer(KeyPair keys) {
    try {
      return new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, Object pemObject) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(pemObject);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.writeString(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
