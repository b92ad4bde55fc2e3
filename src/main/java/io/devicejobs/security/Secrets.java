package io.devicejobs.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets the server hands out: 256 random bits behind a prefix that says what kind of secret it is, so
 * that an operator key can never pass for a device token or the other way round. Only their SHA-256 is stored.
 */
public enum Secrets {
  OPERATOR_KEY("djk_"),
  DEVICE_TOKEN("djd_"),
  PROVISIONING_KEY("djp_"),
  /** Short-lived and single-use: opens one WebSocket (browsers cannot send an Authorization header there). */
  LIVE_TICKET("djt_");

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Hashing happens on every authenticated request: one digest per thread instead of a provider lookup each time. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JVM has SHA-256", e);
            }
          });

  private static final int PREFIX_SHOWN = 10;

  private final String prefix;

  Secrets(String prefix) {
    this.prefix = prefix;
  }

  public String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public boolean owns(String secret) {
    return secret != null && secret.startsWith(prefix) && secret.length() > prefix.length();
  }

  /** Which kind a presented secret claims to be, or null. */
  public static Secrets kindOf(String secret) {
    for (Secrets kind : values()) {
      if (kind.owns(secret)) {
        return kind;
      }
    }
    return null;
  }

  public static String hash(String secret) {
    return HexFormat.of().formatHex(SHA256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** What listings show of a key: enough to tell keys apart, far too little to use. */
  public static String shownPrefix(String secret) {
    return secret.substring(0, Math.min(PREFIX_SHOWN, secret.length()));
  }
}
