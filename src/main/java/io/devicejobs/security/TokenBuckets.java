package io.devicejobs.security;

import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory rate limits: one token bucket per key (a device, an operator key, a source address). Never touches
 * the database. Buckets idle for long are dropped by {@link #forgetIdle}.
 */
public final class TokenBuckets {
  private final double perSecond;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TokenBuckets(double perSecond, double burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one token; 0 when allowed, otherwise how many seconds until one is free (for Retry-After). */
  public long take(String key) {
    return buckets
        .computeIfAbsent(key, k -> new Bucket(burst))
        .take(perSecond, burst, System.nanoTime());
  }

  /** Whether a token is free, without taking it. */
  public boolean hasToken(String key) {
    Bucket bucket = buckets.get(key);
    return bucket == null || bucket.peek(perSecond, burst, System.nanoTime()) >= 1;
  }

  public void forgetIdle(long idleNanos) {
    long now = System.nanoTime();
    buckets.values().removeIf(b -> now - b.lastNanos() > idleNanos);
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens) {
      this.tokens = tokens;
      this.last = System.nanoTime();
    }

    synchronized long take(double perSecond, double burst, long now) {
      refill(perSecond, burst, now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }

    synchronized double peek(double perSecond, double burst, long now) {
      refill(perSecond, burst, now);
      return tokens;
    }

    synchronized long lastNanos() {
      return last;
    }

    private void refill(double perSecond, double burst, long now) {
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
      last = now;
    }
  }
}
