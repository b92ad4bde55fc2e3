package io.devicejobs.devices;

import io.devicejobs.http.ApiError;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.devicejobs.http.Text;
import io.devicejobs.security.AccessGuard;
import io.devicejobs.security.ProvisioningKey;
import io.devicejobs.security.Secrets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Devices that register themselves with a provisioning key (the key itself is checked by the guard). */
public final class ProvisioningApi {
  private final DeviceStore devices;

  public ProvisioningApi(DeviceStore devices) {
    this.devices = devices;
  }

  public void mount(Routes routes) {
    routes.on("provisionDevice", Respond.json(201, this::provision));
  }

  /** A device registers itself with a provisioning key and receives its uuid and token. */
  private Future<JsonObject> provision(RoutingContext ctx) {
    JsonObject body = RequestData.of(ctx).body();
    String key = ctx.get(ProvisioningKey.KEY);
    if (key == null) {
      throw new ApiError(
          401, "unauthorized", "provisioning needs Authorization: Bearer <provisioning key>", null);
    }
    String token = Secrets.DEVICE_TOKEN.generate();
    DeviceFields fields =
        new DeviceFields(
            Text.name(body, "device_name"),
            body.containsKey("device_type"),
            Text.name(body, "device_type"),
            true,
            null);
    return devices
        .provision(Secrets.hash(key), UUID.randomUUID(), fields, Secrets.hash(token))
        .map(
            found -> {
              JsonObject device =
                  found.orElseThrow(
                      () ->
                          new ApiError(
                              401,
                              "unauthorized",
                              "the provisioning key is unknown, revoked, expired or used up",
                              null));
              ctx.put(AccessGuard.AUDIT_RESOURCE, device.getString("uuid"));
              return new JsonObject()
                  .put("device", device)
                  .put("device_token", token)
                  .put("message", "store the device_token now: it is not shown again");
            });
  }
}
