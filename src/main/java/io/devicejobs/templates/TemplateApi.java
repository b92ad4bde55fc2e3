package io.devicejobs.templates;

import io.devicejobs.db.Page;
import io.devicejobs.http.ApiError;
import io.devicejobs.http.RequestData;
import io.devicejobs.http.Respond;
import io.devicejobs.http.Routes;
import io.devicejobs.http.Text;
import io.devicejobs.jobs.document.ValidatedDocument;
import io.devicejobs.jobs.rules.ParameterRules;
import io.devicejobs.security.AccessGuard;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;

/** HTTP operations on job templates (/jobs/templates). */
public final class TemplateApi {
  private static final String DOCUMENT = "/job_document";
  private static final String RULES = "/parameter_rules";

  private final TemplateStore store;

  public TemplateApi(TemplateStore store) {
    this.store = store;
  }

  public void mount(Routes routes) {
    routes
        .on("listTemplates", Respond.json(200, this::list))
        .on("createTemplate", Respond.json(201, this::create))
        .on("getTemplate", Respond.json(200, this::get))
        .on("updateTemplate", Respond.json(200, this::update))
        .on("deleteTemplate", Respond.noContent(this::delete));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    Page page = request.page();
    return store
        .list(request.queryString("category"), request.queryBoolean("active"), page)
        .map(
            listing ->
                page.describe(
                    new JsonObject()
                        .put("templates", new JsonArray(listing.items()))
                        .put("total", listing.total())));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    JsonObject body = RequestData.of(ctx).body();
    ValidatedDocument document =
        JobDocuments.validate(body.getJsonObject("job_document"), DOCUMENT);
    ParameterRules rules =
        JobDocuments.rules(body.getJsonObject("parameter_rules"), document.placeholders(), RULES);
    TemplateDraft draft =
        new TemplateDraft(
            Text.name(body, "name"),
            Text.freeText(body, "description"),
            body.getString("category", "general"),
            JobDocuments.toJson(document.document()),
            document.placeholders(),
            handlerNames(document),
            JobDocuments.toJson(rules.toJson()),
            body.getBoolean("is_active", true),
            body.getValue("created_by") == null
                ? AccessGuard.actor(ctx)
                : Text.name(body, "created_by"));
    return translate(store.insert(draft), document)
        .map(
            t -> {
              ctx.put(AccessGuard.AUDIT_RESOURCE, String.valueOf(t.getLong("id")));
              return envelope(t, "template created");
            });
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    long id = RequestData.of(ctx).pathLong("id");
    return store
        .find(id)
        .map(
            found ->
                found
                    .map(t -> envelope(t, null))
                    .orElseThrow(() -> ApiError.notFound("template " + id)));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    RequestData request = RequestData.of(ctx);
    long id = request.pathLong("id");
    JsonObject body = request.body();
    JsonObject rawDocument = body.getJsonObject("job_document");
    JsonObject rawRules = body.getJsonObject("parameter_rules");
    ValidatedDocument document =
        rawDocument == null ? null : JobDocuments.validate(rawDocument, DOCUMENT);
    TemplateChange requested =
        new TemplateChange(
            Text.name(body, "name"),
            body.containsKey("description"),
            Text.freeText(body, "description"),
            body.getString("category"),
            document == null ? null : JobDocuments.toJson(document.document()),
            document == null ? null : document.placeholders(),
            document == null ? null : handlerNames(document),
            body.getBoolean("is_active"),
            body.containsKey("created_by"),
            Text.name(body, "created_by"),
            rawRules);
    if (requested.isEmpty()) {
      throw ApiError.badRequest(
          "nothing to update: give name, description, category, job_document,"
              + " parameter_rules, is_active or created_by");
    }
    return translate(
            store.update(id, current -> withCheckedRules(requested, document, current)), document)
        .map(
            updated ->
                updated
                    .map(t -> envelope(t, "template updated"))
                    .orElseThrow(() -> ApiError.notFound("template " + id)));
  }

  private Future<Void> delete(RoutingContext ctx) {
    long id = RequestData.of(ctx).pathLong("id");
    return store
        .delete(id)
        .map(
            deleted -> {
              if (!deleted) {
                throw ApiError.notFound("template " + id);
              }
              return null;
            });
  }

  /** The rules that will apply after the change must fit the document that will apply after it. */
  private static TemplateChange withCheckedRules(
      TemplateChange requested, ValidatedDocument newDocument, TemplateStore.Current current) {
    if (requested.rules() == null && newDocument == null) {
      return requested;
    }
    Set<String> placeholders =
        newDocument != null
            ? newDocument.placeholders()
            : JobDocuments.validate(current.document(), DOCUMENT).placeholders();
    boolean rulesGiven = requested.rules() != null;
    ParameterRules rules =
        JobDocuments.rules(
            rulesGiven ? requested.rules() : current.rules(),
            placeholders,
            rulesGiven ? RULES : DOCUMENT);
    return new TemplateChange(
        requested.name(),
        requested.descriptionGiven(),
        requested.description(),
        requested.category(),
        requested.document(),
        requested.placeholders(),
        requested.handlerNames(),
        requested.isActive(),
        requested.createdByGiven(),
        requested.createdBy(),
        JobDocuments.toJson(rules.toJson()));
  }

  private static <T> Future<T> translate(Future<T> stored, ValidatedDocument document) {
    return stored.recover(
        e -> {
          if (e instanceof TemplateStore.MissingHandlers missing) {
            return Future.failedFuture(
                JobDocuments.missingHandlers(document, missing.names(), DOCUMENT));
          }
          if (e instanceof TemplateStore.DuplicateName) {
            return Future.failedFuture(ApiError.conflict(e.getMessage()));
          }
          return Future.failedFuture(e);
        });
  }

  private static Set<String> handlerNames(ValidatedDocument document) {
    return new LinkedHashSet<>(document.handlerReferences().values());
  }

  private static JsonObject envelope(JsonObject template, String message) {
    JsonObject out = new JsonObject().put("template", template);
    return message == null ? out : out.put("message", message);
  }
}
