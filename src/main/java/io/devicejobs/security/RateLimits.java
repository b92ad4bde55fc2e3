package io.devicejobs.security;

import io.devicejobs.config.AppConfig;

/**
 * The three limits: per device token, per operator key, and per source address for failed authentication only
 * (devices behind one NAT address never throttle each other; someone guessing keys does get throttled).
 */
public final class RateLimits {
  private final TokenBuckets devices;
  private final TokenBuckets operators;
  private final TokenBuckets failures;

  public RateLimits(AppConfig.Limits limits) {
    this.devices = new TokenBuckets(limits.devicePerSecond(), limits.deviceBurst());
    this.operators = new TokenBuckets(limits.operatorPerSecond(), limits.operatorBurst());
    this.failures = new TokenBuckets(limits.authFailuresPerSecond(), limits.authFailureBurst());
  }

  /** 0, or seconds until the principal may call again. */
  public long take(Principal principal) {
    return principal.isDevice() ? devices.take(principal.id()) : operators.take(principal.id());
  }

  public boolean mayTryAuthentication(String address) {
    return failures.hasToken(address);
  }

  /** Counts a failed attempt; 0 while the address is under its limit, otherwise seconds to wait. */
  public long authenticationFailed(String address) {
    return failures.take(address);
  }

  public long failureRetryAfter(String address) {
    return Math.max(1, failures.take(address));
  }

  /** Drops buckets of callers not seen for ten minutes. */
  public void forgetIdle() {
    long tenMinutes = 600_000_000_000L;
    devices.forgetIdle(tenMinutes);
    operators.forgetIdle(tenMinutes);
    failures.forgetIdle(tenMinutes);
  }
}
