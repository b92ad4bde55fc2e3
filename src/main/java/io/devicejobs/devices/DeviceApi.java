package io.devicejobs.devices;

import io.devicejobs.db.NoticeBarrier;
import io.devicejobs.db.Page;
import io.devicejobs.http.ApiError;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.devicejobs.http.Text;
import io.devicejobs.http.Uuids;
import io.devicejobs.jobs.IdleDevices;
import io.devicejobs.jobs.JobMetrics;
import io.devicejobs.jobs.rules.ExecutionStatus;
import io.devicejobs.security.AccessGuard;
import io.devicejobs.security.CredentialCache;
import io.devicejobs.security.Secrets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** HTTP operations on the fleet (/devices) and its groups (/groups). */
public final class DeviceApi {
  private final DeviceStore devices;
  private final GroupStore groups;
  private final IdleDevices idle;
  private final CredentialCache credentials;
  private final JobMetrics metrics;
  private final NoticeBarrier notices;

  public DeviceApi(
      DeviceStore devices,
      GroupStore groups,
      IdleDevices idle,
      CredentialCache credentials,
      JobMetrics metrics,
      NoticeBarrier notices) {
    this.devices = devices;
    this.groups = groups;
    this.idle = idle;
    this.credentials = credentials;
    this.metrics = metrics;
    this.notices = notices;
  }

  public void mount(Routes routes) {
    routes
        .on("listDevices", Respond.json(200, this::list))
        .on("registerDevice", Respond.json(201, this::register))
        .on("getDevice", Respond.json(200, this::get))
        .on("updateDevice", Respond.json(200, this::update))
        .on("deleteDevice", Respond.noContent(this::delete))
        .on("listGroups", Respond.json(200, this::listGroups))
        .on("getGroup", Respond.json(200, this::getGroup))
        .on("putGroup", Respond.withStatus(this::putGroup))
        .on("deleteGroup", Respond.noContent(this::deleteGroup))
        .on("addGroupDevices", Respond.json(200, this::addGroupDevices))
        .on("removeGroupDevice", Respond.noContent(this::removeGroupDevice));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    Page page = request.page();
    DeviceStore.Filter filter =
        new DeviceStore.Filter(
            request.queryBoolean("online"),
            request.queryString("group"),
            searchTerm(request.queryString("search")));
    return devices
        .list(filter, page)
        .map(
            listing ->
                page.describe(
                    new JsonObject()
                        .put("total", listing.total())
                        // Deprecated spelling of total, kept for clients of earlier versions.
                        .put("count", listing.total())
                        .put("devices", new JsonArray(listing.items()))));
  }

  private Future<JsonObject> register(RoutingContext ctx) {
    JsonObject body = RequestData.of(ctx).body();
    String given = body.getString("uuid");
    UUID uuid = given == null ? UUID.randomUUID() : Uuids.parse(given, "uuid");
    String token = Secrets.DEVICE_TOKEN.generate();
    return devices
        .register(uuid, fields(body), Secrets.hash(token))
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof DeviceStore.DuplicateDevice
                        ? ApiError.conflict(e.getMessage())
                        : e))
        .map(
            device -> {
              ctx.put(AccessGuard.AUDIT_RESOURCE, device.getString("uuid"));
              return new JsonObject()
                  .put("device", device)
                  .put("device_token", token)
                  .put(
                      "message",
                      "device registered; store the device_token now: it is not shown again");
            });
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    UUID uuid = RequestData.of(ctx).pathUuid("uuid");
    return devices
        .find(uuid)
        .map(
            found ->
                new JsonObject()
                    .put("device", found.orElseThrow(() -> ApiError.notFound("device " + uuid))));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    UUID uuid = request.pathUuid("uuid");
    DeviceFields fields = fields(request.body());
    if (fields.isEmpty()) {
      throw ApiError.badRequest(
          "nothing to update: give device_name, device_type, is_active or groups");
    }
    return devices
        .update(uuid, fields)
        .map(
            updated ->
                new JsonObject()
                    .put("device", updated.orElseThrow(() -> ApiError.notFound("device " + uuid)))
                    .put("message", "device updated"));
  }

  private Future<Void> delete(RoutingContext ctx) {
    UUID uuid = RequestData.of(ctx).pathUuid("uuid");
    return devices
        .delete(uuid)
        .map(
            deleted -> {
              // Its token stops working here at once (elsewhere through
              // NOTIFY), and its next poll reaches the database.
              credentials.forgetDevices(List.of(uuid));
              idle.changed(List.of(uuid));
              deleted.ifPresent(removed -> metrics.finished(ExecutionStatus.REMOVED, removed));
              return orNotFound(deleted.isPresent(), "device " + uuid);
            })
        // Answered once no instance accepts its token any more.
        .compose(done -> notices.settled(done));
  }

  private Future<JsonObject> listGroups(RoutingContext ctx) {
    return groups
        .list()
        .map(all -> new JsonObject().put("groups", new JsonArray(all)).put("total", all.size()));
  }

  private Future<JsonObject> getGroup(RoutingContext ctx) {
    String name = RequestData.of(ctx).pathString("name");
    return groups
        .find(name)
        .map(
            found ->
                new JsonObject()
                    .put("group", found.orElseThrow(() -> ApiError.notFound("group " + name))));
  }

  private Future<Respond.Reply> putGroup(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    JsonObject body = request.body();
    return groups
        .upsert(
            request.pathString("name"),
            body.containsKey("description"),
            Text.freeText(body, "description"))
        .map(
            result ->
                new Respond.Reply(
                    result.created() ? 201 : 200, new JsonObject().put("group", result.group())));
  }

  private Future<Void> deleteGroup(RoutingContext ctx) {
    String name = RequestData.of(ctx).pathString("name");
    return groups.delete(name).map(deleted -> orNotFound(deleted, "group " + name));
  }

  private Future<JsonObject> addGroupDevices(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    JsonArray given = request.body().getJsonArray("device_uuids");
    List<UUID> uuids = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      uuids.add(Uuids.parse(given.getString(i), "/device_uuids/" + i));
    }
    return groups
        .addDevices(request.pathString("name"), uuids)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof GroupStore.UnknownDevices unknown
                        ? ApiError.invalidField(
                            "/device_uuids",
                            "unknown devices: " + String.join(", ", unknown.uuids()))
                        : e))
        .map(result -> new JsonObject().put("group", result.group()).put("added", result.added()));
  }

  private Future<Void> removeGroupDevice(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    String name = request.pathString("name");
    UUID uuid = request.pathUuid("uuid");
    return groups
        .removeDevice(name, uuid)
        .map(removed -> orNotFound(removed, "device " + uuid + " in group " + name));
  }

  private static DeviceFields fields(JsonObject body) {
    JsonArray groupArray = body.getJsonArray("groups");
    List<String> groupNames = null;
    if (groupArray != null) {
      groupNames = new ArrayList<>(groupArray.size());
      for (Object name : groupArray) {
        groupNames.add((String) name);
      }
    }
    return new DeviceFields(
        Text.name(body, "device_name"),
        body.containsKey("device_type"),
        Text.name(body, "device_type"),
        body.getBoolean("is_active"),
        groupNames);
  }

  /** Search is free text: trimmed, and an empty search means no filter. */
  private static String searchTerm(String search) {
    if (search == null || search.isBlank()) {
      return null;
    }
    return search.strip();
  }

  private static Void orNotFound(boolean found, String what) {
    if (!found) {
      throw ApiError.notFound(what);
    }
    return null;
  }
}
