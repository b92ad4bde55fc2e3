package io.devicejobs.security;

import java.util.Locale;
import java.util.Optional;

/** What an operator key may do; each role includes the ones before it. */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    for (Role role : values()) {
      if (role.wire().equals(text)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
