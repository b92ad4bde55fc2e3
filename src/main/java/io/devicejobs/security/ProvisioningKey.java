package io.devicejobs.security;

/** Where the guard leaves a presented provisioning key for the provisioning operation. */
public final class ProvisioningKey {
  public static final String KEY = "devicejobs.provisioning-key";

  private ProvisioningKey() {}
}
