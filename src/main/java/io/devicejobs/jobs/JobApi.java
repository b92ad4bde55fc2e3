package io.devicejobs.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.db.NoticeBarrier;
import io.devicejobs.db.Page;
import io.devicejobs.handlers.HandlerScript;
import io.devicejobs.http.ApiError;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.devicejobs.http.Text;
import io.devicejobs.http.Uuids;
import io.devicejobs.jobs.document.InvalidJobDocumentException;
import io.devicejobs.jobs.rules.ExecutionStatus;
import io.devicejobs.jobs.rules.ParameterRules;
import io.devicejobs.jobs.rules.RenderedDocument;
import io.devicejobs.jobs.rules.TemplateRenderer;
import io.devicejobs.security.AccessGuard;
import io.devicejobs.security.Principal;
import io.devicejobs.security.Role;
import io.devicejobs.templates.JobDocuments;
import io.devicejobs.templates.TemplateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** HTTP operations on jobs: execute, preview, list, detail, cancel, rerun. */
public final class JobApi {
  static final int DEFAULT_TIMEOUT_SECONDS = 3600;

  private final JobStore jobs;
  private final TemplateStore templates;
  private final IdleDevices idle;
  private final JobMetrics metrics;
  private final NoticeBarrier notices;

  public JobApi(
      JobStore jobs,
      TemplateStore templates,
      IdleDevices idle,
      JobMetrics metrics,
      NoticeBarrier notices) {
    this.jobs = jobs;
    this.templates = templates;
    this.idle = idle;
    this.metrics = metrics;
    this.notices = notices;
  }

  public void mount(Routes routes) {
    routes
        .on("executeJob", Respond.withStatus(this::execute))
        .on("previewJob", Respond.json(200, this::preview))
        .on("listExecutions", Respond.json(200, this::list))
        .on("getExecution", Respond.json(200, this::get))
        .on("cancelExecution", Respond.json(200, this::cancel))
        .on("rerunExecution", Respond.json(201, this::rerun));
  }

  private Future<Respond.Reply> execute(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    JsonObject body = withCaller(ctx, request.body());
    Idempotency.Request idempotency =
        new Idempotency.Request(
            "execute",
            request.header("Idempotency-Key"),
            // As UTF-8, as JSON is: asString() would use the Content-Type's charset, and an
            // unknown charset threw.
            HandlerScript.sha256(ctx.body().buffer().toString(StandardCharsets.UTF_8)));
    return prepare(body)
        .compose(
            job ->
                jobs.create(job, idempotency)
                    .map(
                        created -> {
                          if (created.replay() != null) {
                            return new Respond.Reply(
                                created.replay().status(), created.replay().body());
                          }
                          created(job, created);
                          ctx.put(AccessGuard.AUDIT_RESOURCE, created.job().getString("job_id"));
                          return new Respond.Reply(201, JobStore.envelope(created.job()));
                        })
                    // Answered once every instance's next poll of its devices sees the work.
                    .compose(reply -> notices.settled(reply)));
  }

  /** After the commit: devices learn of the work, and the job is counted and logged. */
  private void created(NewJob job, JobStore.Created created) {
    announce(job.targets());
    metrics.jobCreated(job.templateName());
    JobLifecycleLog.created(job, created.devices());
  }

  private Future<JsonObject> preview(RoutingContext ctx) {
    return prepare(withCaller(ctx, RequestData.of(ctx).body()))
        .compose(
            job ->
                jobs.countTargets(job.targets())
                    .map(
                        count ->
                            new JsonObject()
                                .put("job_document", job.document())
                                .put("target_count", count)));
  }

  /**
   * Only admins may run a document of their own: operators run templates, whose commands an admin wrote. The
   * caller is the job's creator unless the request names one.
   */
  private static JsonObject withCaller(RoutingContext ctx, JsonObject body) {
    Principal caller = ctx.get(Principal.KEY);
    if (body.containsKey("job_document") && (caller == null || caller.role() != Role.ADMIN)) {
      throw new ApiError(
          403,
          "forbidden",
          "only admins may execute an inline job_document; operators execute templates",
          null);
    }
    if (caller != null && body.getValue("created_by") == null) {
      body.put("created_by", caller.actor());
    }
    return body;
  }

  /** Checks the request, loads the template, renders the document: everything but the writing. */
  private Future<NewJob> prepare(JsonObject body) {
    boolean fromTemplate = body.containsKey("template_id");
    if (fromTemplate == body.containsKey("job_document")) {
      throw ApiError.invalidField("", "give either template_id or job_document");
    }
    Targets targets = targets(body);
    int timeout = timeoutSeconds(body);
    Map<String, String> parameters = parameters(body);
    Future<Source> source =
        fromTemplate
            ? templateSource(body.getLong("template_id"))
            : Future.succeededFuture(inlineSource(body.getJsonObject("job_document")));
    return source.map(
        s -> {
          RenderedDocument rendered = render(s, parameters);
          return new NewJob(
              UUID.randomUUID(),
              Text.name(body, "job_name"),
              Text.freeText(body, "description"),
              s.templateId(),
              s.templateName(),
              JobDocuments.toJson(rendered.document()),
              new LinkedHashSet<>(rendered.handlerReferences().values()),
              new JsonObject(new LinkedHashMap<>(parameters)),
              targets,
              timeout,
              body.getInteger("priority", 0),
              null,
              Text.name(body, "created_by"));
        });
  }

  /** Where the document comes from, with the rules for its placeholders. */
  private record Source(
      ObjectNode document, ParameterRules rules, Long templateId, String templateName) {}

  private Future<Source> templateSource(long templateId) {
    return templates
        .forExecution(templateId)
        .map(
            found -> {
              TemplateStore.Executable template =
                  found.orElseThrow(() -> ApiError.notFound("template " + templateId));
              if (!template.active()) {
                throw ApiError.conflict(
                    "template " + templateId + " (" + template.name() + ") is inactive");
              }
              var stored = JobDocuments.validate(template.document(), "/job_document");
              return new Source(
                  stored.document(),
                  JobDocuments.rules(template.rules(), stored.placeholders(), "/parameter_rules"),
                  templateId,
                  template.name());
            });
  }

  private static Source inlineSource(JsonObject document) {
    var validated = JobDocuments.validate(document, "/job_document");
    return new Source(validated.document(), ParameterRules.none(), null, null);
  }

  private static RenderedDocument render(Source source, Map<String, String> parameters) {
    try {
      return TemplateRenderer.render(source.document(), parameters, source.rules());
    } catch (InvalidJobDocumentException e) {
      List<JsonObject> details = new ArrayList<>();
      e.violations().forEach(v -> details.add(ApiError.detail(v.pointer(), v.message())));
      throw ApiError.validation("cannot render the job: " + e.getMessage(), details);
    }
  }

  private static Targets targets(JsonObject body) {
    String type = body.getString("target_type");
    JsonArray devices = body.getJsonArray("target_devices");
    JsonArray groups = body.getJsonArray("target_groups");
    switch (type) {
      case "device" -> {
        requireOnly(devices, "/target_devices", groups, "/target_groups", type);
        List<UUID> uuids = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
          uuids.add(Uuids.parse(devices.getString(i), "/target_devices/" + i));
        }
        return new Targets.Devices(uuids.stream().distinct().toList());
      }
      case "group" -> {
        requireOnly(groups, "/target_groups", devices, "/target_devices", type);
        return new Targets.Groups(groups.stream().map(String.class::cast).distinct().toList());
      }
      default -> {
        if (devices != null || groups != null) {
          throw ApiError.invalidField(
              "/target_type", "target_type all takes neither target_devices nor target_groups");
        }
        return new Targets.All();
      }
    }
  }

  private static void requireOnly(
      JsonArray given, String pointer, JsonArray other, String otherPointer, String type) {
    if (given == null || given.isEmpty()) {
      throw ApiError.invalidField(
          pointer, "is required and must not be empty for target_type " + type);
    }
    if (other != null) {
      throw ApiError.invalidField(otherPointer, "does not go with target_type " + type);
    }
  }

  private static int timeoutSeconds(JsonObject body) {
    Integer seconds = body.getInteger("timeout_seconds");
    Integer minutes = body.getInteger("timeout_minutes");
    if (seconds != null && minutes != null && seconds != minutes * 60) {
      throw ApiError.invalidField(
          "/timeout_minutes", "disagrees with timeout_seconds; give one of them");
    }
    return seconds != null ? seconds : minutes != null ? minutes * 60 : DEFAULT_TIMEOUT_SECONDS;
  }

  private static Map<String, String> parameters(JsonObject body) {
    JsonObject given = body.getJsonObject("parameters", new JsonObject());
    Map<String, String> out = new LinkedHashMap<>();
    given.forEach(e -> out.put(e.getKey(), (String) e.getValue()));
    return out;
  }

  /** Lets this instance's next polls see the new work at once; other instances hear it through NOTIFY. */
  private void announce(Targets targets) {
    if (targets instanceof Targets.Devices devices) {
      idle.changed(devices.uuids());
    } else {
      idle.changedForEveryone();
    }
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    Page page = request.page();
    String deviceUuid = request.queryString("device_uuid");
    Integer templateId = request.queryInteger("template_id");
    JobStore.Filter filter =
        new JobStore.Filter(
            request.queryString("status"),
            templateId == null ? null : templateId.longValue(),
            deviceUuid == null ? null : Uuids.parse(deviceUuid, "device_uuid"),
            timestamp(request.queryString("created_after"), "created_after"));
    return jobs.list(filter, page)
        .map(
            listing ->
                page.describe(
                    new JsonObject()
                        .put("executions", new JsonArray(listing.items()))
                        .put("total", listing.total())));
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    UUID jobId = request.pathUuid("job_id");
    Page page = request.page();
    String status = request.queryString("status");
    return jobs.summary(jobId)
        .compose(
            found -> {
              JsonObject job = found.orElseThrow(() -> ApiError.notFound("job " + jobId));
              return jobs.executions(jobId, status, page)
                  .map(
                      executions ->
                          page.describe(
                              new JsonObject()
                                  .put("job", job)
                                  .put("device_statuses", new JsonArray(executions.items()))
                                  .put("device_statuses_total", executions.total())));
            });
  }

  private Future<JsonObject> cancel(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    UUID jobId = request.pathUuid("job_id");
    JsonObject body = request.body();
    boolean force = body.getBoolean("force", false);
    return jobs.cancel(jobId, force, Text.freeText(body, "reason"))
        .compose(
            result ->
                switch (result.outcome()) {
                  case NOT_FOUND -> Future.failedFuture(ApiError.notFound("job " + jobId));
                  case ALREADY_CANCELED ->
                      Future.failedFuture(
                          ApiError.conflict("job " + jobId + " is already CANCELED"));
                  case ALREADY_FINISHED ->
                      Future.failedFuture(
                          ApiError.conflict("job " + jobId + " has already finished"));
                  case CANCELED -> {
                    metrics.finished(ExecutionStatus.CANCELED, result.executions());
                    JobLifecycleLog.canceled(jobId, force, result.executions());
                    yield jobs.summary(jobId)
                        .map(
                            job ->
                                new JsonObject()
                                    .put("job", job.orElseThrow())
                                    .put(
                                        "message",
                                        force
                                            ? "job canceled, including executions in progress"
                                            : "job canceled"));
                  }
                });
  }

  private Future<JsonObject> rerun(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    UUID original = request.pathUuid("job_id");
    Object devices = request.body().getValue("devices");
    Targets.EarlierJob targets = rerunTargets(original, devices);
    return jobs.settings(original)
        .compose(
            found -> {
              JsonObject settings = found.orElseThrow(() -> ApiError.notFound("job " + original));
              var validated =
                  JobDocuments.validate(settings.getJsonObject("job_document"), "/job_document");
              NewJob job =
                  new NewJob(
                      UUID.randomUUID(),
                      settings.getString("job_name"),
                      settings.getString("description"),
                      settings.getLong("template_id"),
                      settings.getString("template_name"),
                      settings.getJsonObject("job_document"),
                      new LinkedHashSet<>(validated.handlerReferences().values()),
                      settings.getJsonObject("parameters"),
                      targets,
                      settings.getInteger("timeout_seconds"),
                      settings.getInteger("priority"),
                      original,
                      settings.getString("created_by"));
              return checkRerunDevices(original, targets)
                  .compose(ok -> jobs.create(job, null))
                  .map(
                      created -> {
                        created(job, created);
                        ctx.put(AccessGuard.AUDIT_RESOURCE, created.job().getString("job_id"));
                        return JobStore.envelope(created.job())
                            .put(
                                "message",
                                "rerun of "
                                    + original
                                    + " created for "
                                    + created.devices()
                                    + " devices");
                      })
                  .compose(answer -> notices.settled(answer));
            });
  }

  private static Targets.EarlierJob rerunTargets(UUID original, Object devices) {
    Set<String> every =
        Arrays.stream(ExecutionStatus.values()).map(Enum::name).collect(Collectors.toSet());
    if ("failed".equals(devices)) {
      return new Targets.EarlierJob(original, JobStore.FAILED_STATUSES, null);
    }
    if ("all".equals(devices)) {
      return new Targets.EarlierJob(original, every, null);
    }
    JsonArray list = (JsonArray) devices;
    List<UUID> uuids = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      uuids.add(Uuids.parse(list.getString(i), "/devices/" + i));
    }
    return new Targets.EarlierJob(original, every, uuids);
  }

  /** Named devices of a rerun must have been part of the original job. */
  private Future<Void> checkRerunDevices(UUID original, Targets.EarlierJob targets) {
    if (targets.only() == null) {
      return Future.succeededFuture();
    }
    return jobs.devicesOutside(original, targets.only())
        .map(
            outside -> {
              if (!outside.isEmpty()) {
                throw ApiError.invalidField(
                    "/devices",
                    "not devices of job "
                        + original
                        + ": "
                        + outside.stream().map(UUID::toString).collect(Collectors.joining(", ")));
              }
              return null;
            });
  }

  private static OffsetDateTime timestamp(String value, String name) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.invalidField(
          "/" + name, "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
    }
  }
}
