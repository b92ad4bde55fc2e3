package io.devicejobs.config;

import java.util.Arrays;
import java.util.List;

/**
 * How the server protects its connections to PostgreSQL (DB_SSL_MODE), with libpq's words and meaning: {@code
 * prefer} tries TLS and falls back to plain text, {@code require} insists on TLS without checking who answers,
 * {@code verify-ca} also checks that a trusted CA signed the server's certificate, and {@code verify-full} also
 * that the certificate names the host the server connects to.
 */
public enum DatabaseSslMode {
  DISABLE("disable"),
  PREFER("prefer"),
  REQUIRE("require"),
  VERIFY_CA("verify-ca"),
  VERIFY_FULL("verify-full");

  private final String word;

  DatabaseSslMode(String word) {
    this.word = word;
  }

  /** The mode DB_SSL_MODE names, as written in docs/configuration.md. */
  public static DatabaseSslMode of(String word) {
    return Arrays.stream(values())
        .filter(mode -> mode.word.equals(word))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no DB_SSL_MODE " + word));
  }

  public static List<String> words() {
    return Arrays.stream(values()).map(DatabaseSslMode::word).toList();
  }

  public String word() {
    return word;
  }

  /** Whether a connection without TLS is refused. */
  public boolean requiresTls() {
    return this != DISABLE && this != PREFER;
  }

  /** Whether the server's certificate must be signed by a trusted CA. */
  public boolean verifiesCertificate() {
    return this == VERIFY_CA || this == VERIFY_FULL;
  }

  /** Whether the server's certificate must also name the host connected to. */
  public boolean verifiesHost() {
    return this == VERIFY_FULL;
  }

  @Override
  public String toString() {
    return word;
  }
}
