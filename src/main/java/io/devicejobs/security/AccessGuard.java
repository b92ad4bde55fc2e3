package io.devicejobs.security;

import io.devicejobs.db.Sightings;
import io.devicejobs.http.ApiError;
import io.devicejobs.http.ErrorResponder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Enforces an operation's {@link AccessPolicy} before anything else looks at the request: authentication,
 * rate limits, role, and device scope. Failures answer in the error model: 401 (with WWW-Authenticate) without
 * or with bad credentials, 403 for a caller who may not, 404 for a device token used on another device's uuid
 * (the same answer as for a device that does not exist), 429 with Retry-After over a rate limit.
 */
public final class AccessGuard {
  private static final String CHALLENGE = "Bearer realm=\"device-jobs\"";
  public static final String AUDIT_RESOURCE = "devicejobs.audit.resource";

  private final Authenticator authenticator;
  private final RateLimits limits;
  private final Sightings<String> keyUse;
  private final AuditLog audit;

  public AccessGuard(
      Authenticator authenticator, RateLimits limits, Sightings<String> keyUse, AuditLog audit) {
    this.authenticator = authenticator;
    this.limits = limits;
    this.keyUse = keyUse;
    this.audit = audit;
  }

  /** The handler guarding one operation (after the body handler, or followed by {@link #resume}). */
  public Handler<RoutingContext> guarding(AccessPolicy policy) {
    return ctx -> check(ctx, policy);
  }

  /** After the guard on a route that reads no body: lets a request paused by the guard flow again. */
  public static void resume(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.request().resume();
    }
    ctx.next();
  }

  private void check(RoutingContext ctx, AccessPolicy policy) {
    if (policy.isPublic()) {
      ctx.next();
      return;
    }
    String secret = presented(ctx.request(), policy);
    String address =
        ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    if (secret == null) {
      unauthorized(ctx, "authentication required: send Authorization: Bearer <key>");
      return;
    }
    if (!limits.mayTryAuthentication(address) && !authenticator.knownValid(secret)) {
      tooMany(ctx, limits.failureRetryAfter(address));
      return;
    }
    if (policy.provisioning() && Secrets.PROVISIONING_KEY.owns(secret)) {
      // The provisioning operation checks and consumes the
      // key in the same transaction as the registration.
      ctx.put(ProvisioningKey.KEY, secret);
      auditOnSuccess(ctx, policy, null);
      // A refused provisioning key counts as a failed
      // attempt of the address, like any bad credential.
      ctx.addEndHandler(
          done -> {
            if (ctx.response().getStatusCode() == 401) {
              limits.authenticationFailed(address);
            }
          });
      ctx.next();
      return;
    }
    // The credential may need a database lookup; on a route
    // without a body handler, hold the request meanwhile.
    if (!ctx.request().isEnded()) {
      ctx.request().pause();
    }
    authenticator
        .authenticate(secret)
        .onComplete(
            result -> {
              if (result.failed()) {
                ctx.fail(result.cause());
                return;
              }
              Optional<Principal> principal = result.result();
              if (principal.isEmpty()) {
                long retryAfter = limits.authenticationFailed(address);
                if (retryAfter > 0) {
                  tooMany(ctx, retryAfter);
                } else {
                  unauthorized(ctx, "the credentials are not valid");
                }
                return;
              }
              authorize(ctx, policy, principal.get());
            });
  }

  private void authorize(RoutingContext ctx, AccessPolicy policy, Principal principal) {
    long retryAfter = limits.take(principal);
    if (retryAfter > 0) {
      tooMany(ctx, retryAfter);
      return;
    }
    if (principal.isDevice()) {
      if (!policy.devices()) {
        forbidden(ctx, "a device token may not call " + policy.operationId());
        return;
      }
      String uuid = ctx.pathParam("uuid");
      if (policy.deviceScoped()
          && !principal.device().toString().equalsIgnoreCase(uuid == null ? "" : uuid)) {
        // Exactly what a device that does not exist gets: nothing leaks about other devices.
        ErrorResponder.send(ctx, ApiError.notFound("device " + uuid));
        return;
      }
    } else {
      keyUse.seen(principal.id());
      if (!policy.operators()) {
        forbidden(ctx, policy.operationId() + " is for devices, not operator keys");
        return;
      }
      if (!policy.roles().contains(principal.role())) {
        forbidden(ctx, "role " + principal.role().wire() + " may not call " + policy.operationId());
        return;
      }
    }
    ctx.put(Principal.KEY, principal);
    auditOnSuccess(ctx, policy, principal);
    ctx.next();
  }

  /** Changes are audited once answered successfully; reads and device traffic (polls, reports) are not. */
  private void auditOnSuccess(RoutingContext ctx, AccessPolicy policy, Principal principal) {
    boolean change = !policy.method().equals("get");
    boolean deviceTraffic = principal != null && principal.isDevice();
    if (!change || deviceTraffic || policy.operationId().equals("previewJob")) {
      return;
    }
    String address =
        ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
    ctx.addEndHandler(
        done -> {
          int status = ctx.response().getStatusCode();
          if (status >= 400) {
            return;
          }
          String resource = ctx.get(AUDIT_RESOURCE);
          if (resource == null) {
            resource = firstPathParam(ctx);
          }
          Principal actor = ctx.get(Principal.KEY);
          audit.record(
              new AuditLog.Entry(
                  actor == null ? "provisioning-key" : actor.actor(),
                  actor == null ? "provisioning" : actor.isDevice() ? "device" : "operator",
                  actor == null || actor.role() == null ? null : actor.role().wire(),
                  policy.operationId(),
                  resourceType(policy.path()),
                  resource,
                  address,
                  status));
        });
  }

  private static String firstPathParam(RoutingContext ctx) {
    for (String name : List.of("job_id", "id", "uuid", "name")) {
      String value = ctx.pathParam(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** "/jobs/templates/{id}" → "jobs/templates". */
  static String resourceType(String path) {
    StringBuilder type = new StringBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty() && !segment.startsWith("{")) {
        type.append(type.length() == 0 ? "" : "/").append(segment);
      }
    }
    return type.toString();
  }

  private static String presented(HttpServerRequest request, AccessPolicy policy) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String secret = authorization.substring(7).trim();
      return secret.isEmpty() ? null : secret;
    }
    if (policy.devices()) {
      String deviceKey = request.getHeader("X-Device-API-Key");
      if (deviceKey != null && !deviceKey.isBlank()) {
        return deviceKey.trim();
      }
    }
    return null;
  }

  /** 401 in the error model, with the Bearer challenge. */
  public static void unauthorized(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
    ErrorResponder.send(ctx, new ApiError(401, "unauthorized", message, null));
  }

  private static void forbidden(RoutingContext ctx, String message) {
    ErrorResponder.send(ctx, new ApiError(403, "forbidden", message, null));
  }

  /** 429 in the error model, with Retry-After. */
  public static void tooMany(RoutingContext ctx, long retryAfterSeconds) {
    ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
    ErrorResponder.send(
        ctx,
        new ApiError(
            429,
            "rate_limited",
            "too many requests; retry after " + retryAfterSeconds + " s",
            null));
  }

  /** How audit entries and created_by name the caller of this request; null before authentication. */
  public static String actor(RoutingContext ctx) {
    Principal p = ctx.get(Principal.KEY);
    return p == null ? null : p.actor();
  }
}
