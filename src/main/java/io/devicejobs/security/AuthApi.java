package io.devicejobs.security;

import io.devicejobs.db.NoticeBarrier;
import io.devicejobs.db.Page;
import io.devicejobs.http.ApiError;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.devicejobs.http.Text;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Identity, operator keys, provisioning keys, device tokens and the audit log. */
public final class AuthApi {
  private final CredentialStore credentials;
  private final CredentialCache cache;
  private final AuditLog audit;
  private final NoticeBarrier notices;

  public AuthApi(
      CredentialStore credentials, CredentialCache cache, AuditLog audit, NoticeBarrier notices) {
    this.credentials = credentials;
    this.cache = cache;
    this.audit = audit;
    this.notices = notices;
  }

  public void mount(Routes routes) {
    routes
        .on("getMe", Respond.json(200, this::me))
        .on(
            "listApiKeys",
            Respond.json(
                200,
                ctx ->
                    credentials
                        .keys()
                        .map(
                            keys ->
                                new JsonObject()
                                    .put("keys", new JsonArray(keys))
                                    .put("total", keys.size()))))
        .on("createApiKey", Respond.json(201, this::createKey))
        .on("revokeApiKey", Respond.noContent(this::revokeKey))
        .on(
            "listProvisioningKeys",
            Respond.json(
                200,
                ctx ->
                    credentials
                        .provisioningKeys()
                        .map(
                            keys ->
                                new JsonObject()
                                    .put("provisioning_keys", new JsonArray(keys))
                                    .put("total", keys.size()))))
        .on("createProvisioningKey", Respond.json(201, this::createProvisioningKey))
        .on("revokeProvisioningKey", Respond.noContent(this::revokeProvisioningKey))
        .on("rotateDeviceToken", Respond.json(200, this::rotate))
        .on("listAudit", Respond.json(200, this::listAudit));
  }

  private Future<JsonObject> me(RoutingContext ctx) {
    Principal p = ctx.get(Principal.KEY);
    JsonObject me =
        new JsonObject()
            .put("kind", p.isDevice() ? "device" : "operator")
            .put("id", p.id())
            .put("name", p.name());
    return Future.succeededFuture(
        p.isDevice()
            ? me.put("device_uuid", p.device().toString())
            : me.put("role", p.role().wire()));
  }

  private Future<JsonObject> createKey(RoutingContext ctx) {
    JsonObject body = RequestData.of(ctx).body();
    Role role = Role.parse(body.getString("role")).orElseThrow();
    String secret = Secrets.OPERATOR_KEY.generate();
    return credentials
        .createKey(Text.name(body, "name"), role, secret, AccessGuard.actor(ctx))
        .map(
            key -> {
              ctx.put(AccessGuard.AUDIT_RESOURCE, key.getString("id"));
              return new JsonObject()
                  .put("key", key)
                  .put("api_key", secret)
                  .put("message", "store the api_key now: it is not shown again");
            });
  }

  private Future<Void> revokeKey(RoutingContext ctx) {
    UUID id = RequestData.of(ctx).pathUuid("id");
    return credentials
        .revokeKey(id)
        .map(
            revoked -> {
              // This instance stops accepting it at once; the others hear it through NOTIFY,
              // and the answer waits until none of them accepts it any more.
              cache.forgetKeyIds(List.of(id.toString()));
              return orNotFound(revoked, "api key " + id);
            })
        .compose(done -> notices.settled(done));
  }

  private Future<JsonObject> createProvisioningKey(RoutingContext ctx) {
    JsonObject body = RequestData.of(ctx).body();
    String secret = Secrets.PROVISIONING_KEY.generate();
    List<String> groups = new ArrayList<>();
    body.getJsonArray("groups", new JsonArray()).forEach(g -> groups.add((String) g));
    OffsetDateTime expires = timestamp(body.getString("expires_at"));
    return credentials
        .createProvisioningKey(
            Text.name(body, "name"),
            secret,
            body.getInteger("max_uses"),
            expires,
            groups,
            AccessGuard.actor(ctx))
        .map(
            key -> {
              ctx.put(AccessGuard.AUDIT_RESOURCE, key.getString("id"));
              return new JsonObject()
                  .put("provisioning_key", key)
                  .put("key", secret)
                  .put("message", "store the key now: it is not shown again");
            });
  }

  private Future<Void> revokeProvisioningKey(RoutingContext ctx) {
    UUID id = RequestData.of(ctx).pathUuid("id");
    return credentials
        .revokeProvisioningKey(id)
        .map(revoked -> orNotFound(revoked, "provisioning key " + id));
  }

  private Future<JsonObject> rotate(RoutingContext ctx) {
    UUID device = RequestData.of(ctx).pathUuid("uuid");
    String token = Secrets.DEVICE_TOKEN.generate();
    return credentials
        .setDeviceToken(device, token)
        .map(
            rotated -> {
              cache.forgetDevices(List.of(device));
              orNotFound(rotated, "device " + device);
              return new JsonObject()
                  .put("device_uuid", device.toString())
                  .put("device_token", token)
                  .put(
                      "message",
                      "the previous token no longer works; store this one now: it is not shown again");
            })
        .compose(answer -> notices.settled(answer));
  }

  private Future<JsonObject> listAudit(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    Page page = request.page();
    return audit
        .list(request.queryString("actor"), request.queryString("action"), page)
        .map(
            listing ->
                page.describe(
                    new JsonObject()
                        .put("entries", new JsonArray(listing.items()))
                        .put("total", listing.total())));
  }

  private static OffsetDateTime timestamp(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.invalidField(
          "/expires_at", "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
    }
  }

  private static Void orNotFound(boolean found, String what) {
    if (!found) {
      throw ApiError.notFound(what);
    }
    return null;
  }
}
