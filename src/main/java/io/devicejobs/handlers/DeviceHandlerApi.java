package io.devicejobs.handlers;

import io.devicejobs.http.ApiError;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The device side of the handler library: a device downloads the script of a runHandler step with its
 * SHA-256, which it checks before running it. Inactive handlers are not handed out.
 */
public final class DeviceHandlerApi {
  private final HandlerStore store;

  public DeviceHandlerApi(HandlerStore store) {
    this.store = store;
  }

  public void mount(Routes routes) {
    routes.on("downloadHandler", Respond.json(200, this::download));
  }

  private Future<JsonObject> download(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    UUID device = request.pathUuid("uuid");
    String name = request.pathString("name");
    return store
        .findForDevice(device, name)
        .map(
            found -> {
              if (!found.deviceKnown()) {
                throw ApiError.notFound("device " + device);
              }
              return found.handler().orElseThrow(() -> ApiError.notFound("handler " + name));
            });
  }
}
