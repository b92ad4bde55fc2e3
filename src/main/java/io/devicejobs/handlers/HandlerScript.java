package io.devicejobs.handlers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A handler of the library as it is stored: devices verify the script against {@link #sha256()}. */
public record HandlerScript(
    String name, String description, String scriptType, String script, boolean isActive) {

  public String sha256() {
    return sha256(script);
  }

  public static String sha256(String script) {
    if (script == null) {
      return null;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
