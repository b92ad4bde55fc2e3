package io.devicejobs.security;

import java.util.UUID;

/** Who is calling: an operator key (with its role) or a device (with its uuid). */
public record Principal(Kind kind, String id, String name, Role role, UUID device) {
  /** Where the routing context keeps it. */
  public static final String KEY = "devicejobs.principal";

  public enum Kind {
    OPERATOR,
    DEVICE
  }

  public static Principal operator(String id, String name, Role role) {
    return new Principal(Kind.OPERATOR, id, name, role, null);
  }

  public static Principal device(UUID device, String name) {
    return new Principal(Kind.DEVICE, device.toString(), name, null, device);
  }

  public boolean isDevice() {
    return kind == Kind.DEVICE;
  }

  /** How audit entries and created_by name the caller. */
  public String actor() {
    return isDevice() ? "device:" + id : "key:" + name;
  }
}
