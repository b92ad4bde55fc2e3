package io.devicejobs.templates;

import io.devicejobs.db.Page;
import io.devicejobs.db.Paged;
import io.devicejobs.db.Rows;
import io.devicejobs.db.Where;
import io.devicejobs.handlers.HandlerStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** SQL for job templates. */
public final class TemplateStore {
  private static final String COLUMNS =
      "id, name, description, category, job_document, placeholders,"
          + " parameter_rules, is_active, created_by, created_at, updated_at";

  private final Pool pool;

  public TemplateStore(Pool pool) {
    this.pool = pool;
  }

  /** A page of templates and the total matching the filters. */
  public Future<Paged> list(String category, Boolean active, Page page) {
    Where where = new Where().andIf(category, "category = ?").andIf(active, "is_active = ?");
    return Paged.fetch(
        pool,
        "SELECT " + COLUMNS + " FROM job_templates",
        "SELECT count(*) FROM job_templates",
        where,
        "category, name, id",
        page,
        TemplateStore::toJson);
  }

  public Future<Optional<JsonObject>> find(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM job_templates WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows).map(TemplateStore::toJson));
  }

  /**
   * Inserts a template after locking the handlers its document runs; fails with {@link MissingHandlers} when
   * one does not exist and with {@link DuplicateName} when the name is taken.
   */
  public Future<JsonObject> insert(TemplateDraft t) {
    return pool.withTransaction(
            conn ->
                lockHandlers(conn, t.handlerNames())
                    .compose(
                        ok ->
                            conn.preparedQuery(
                                    "INSERT INTO job_templates (name, description, category, job_document,"
                                        + " placeholders, handler_names, parameter_rules, is_active, created_by)"
                                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
                                        + COLUMNS)
                                .execute(
                                    Tuple.from(
                                        new Object[] {
                                          t.name(),
                                          t.description(),
                                          t.category(),
                                          t.document(),
                                          t.placeholders().toArray(new String[0]),
                                          t.handlerNames().toArray(new String[0]),
                                          t.rules(),
                                          t.isActive(),
                                          t.createdBy()
                                        }))))
        .map(rows -> toJson(rows.iterator().next()))
        .recover(e -> Future.failedFuture(translateUniqueName(e, t.name())));
  }

  /** The stored document and rules, which a change of either is checked against. */
  public record Current(JsonObject document, JsonObject rules) {}

  /**
   * Updates a template under its row lock: {@code decide} sees the current document and rules and returns the
   * change (or throws), so a change of the document is checked against the rules it will live with and no
   * concurrent update is lost. Empty when the template does not exist.
   */
  public Future<Optional<JsonObject>> update(long id, Function<Current, TemplateChange> decide) {
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        "SELECT job_document, parameter_rules FROM job_templates WHERE id = $1 FOR UPDATE")
                    .execute(Tuple.of(id))
                    .compose(
                        rows -> {
                          Optional<Row> row = Rows.first(rows);
                          if (row.isEmpty()) {
                            return Future.succeededFuture(Optional.<JsonObject>empty());
                          }
                          TemplateChange c =
                              decide.apply(
                                  new Current(
                                      row.get().getJsonObject("job_document"),
                                      row.get().getJsonObject("parameter_rules")));
                          Set<String> handlers = c.document() == null ? Set.of() : c.handlerNames();
                          return lockHandlers(conn, handlers)
                              .compose(
                                  ok ->
                                      conn.preparedQuery(
                                              "UPDATE job_templates SET"
                                                  + " name = COALESCE($2, name),"
                                                  + " description = CASE WHEN $3 THEN $4 ELSE description END,"
                                                  + " category = COALESCE($5, category),"
                                                  + " job_document = COALESCE($6, job_document),"
                                                  + " placeholders = COALESCE($7, placeholders),"
                                                  + " handler_names = COALESCE($8, handler_names),"
                                                  + " is_active = COALESCE($9, is_active),"
                                                  + " created_by = CASE WHEN $10 THEN $11 ELSE created_by END,"
                                                  + " parameter_rules = COALESCE($12, parameter_rules),"
                                                  + " updated_at = now()"
                                                  + " WHERE id = $1 RETURNING "
                                                  + COLUMNS)
                                          .execute(
                                              Tuple.from(
                                                  new Object[] {
                                                    id,
                                                    c.name(),
                                                    c.descriptionGiven(),
                                                    c.description(),
                                                    c.category(),
                                                    c.document(),
                                                    c.document() == null
                                                        ? null
                                                        : c.placeholders().toArray(new String[0]),
                                                    c.document() == null
                                                        ? null
                                                        : handlers.toArray(new String[0]),
                                                    c.isActive(),
                                                    c.createdByGiven(),
                                                    c.createdBy(),
                                                    c.rules()
                                                  })))
                              .map(updated -> Rows.first(updated).map(TemplateStore::toJson));
                        }))
        .recover(e -> Future.failedFuture(translateUniqueName(e, null)));
  }

  /** What executing a template needs. */
  public record Executable(String name, boolean active, JsonObject document, JsonObject rules) {}

  public Future<Optional<Executable>> forExecution(long id) {
    return pool.preparedQuery(
            "SELECT name, is_active, job_document, parameter_rules FROM job_templates WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                Rows.first(rows)
                    .map(
                        r ->
                            new Executable(
                                r.getString("name"),
                                r.getBoolean("is_active"),
                                r.getJsonObject("job_document"),
                                r.getJsonObject("parameter_rules"))));
  }

  public Future<Boolean> delete(long id) {
    return pool.preparedQuery("DELETE FROM job_templates WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Future<Void> lockHandlers(SqlConnection conn, Set<String> names) {
    return HandlerStore.lockAndFindMissing(conn, names)
        .compose(
            missing ->
                missing.isEmpty()
                    ? Future.succeededFuture()
                    : Future.failedFuture(new MissingHandlers(missing)));
  }

  private static Throwable translateUniqueName(Throwable e, String name) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return new DuplicateName(
          name == null
              ? "a template with that name already exists"
              : "a template named " + name + " already exists");
    }
    return e;
  }

  static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("category", r.getString("category"))
        .put("job_document", r.getJsonObject("job_document"))
        .put("placeholders", Rows.textArray(r, "placeholders"))
        .put("parameter_rules", r.getJsonObject("parameter_rules"))
        .put("is_active", r.getBoolean("is_active"))
        .put("created_by", r.getString("created_by"))
        .put("created_at", Rows.timestamp(r, "created_at"))
        .put("updated_at", Rows.timestamp(r, "updated_at"));
  }

  /** The document runs handlers that are not in the library. */
  public static final class MissingHandlers extends RuntimeException {
    private final Set<String> names;

    MissingHandlers(Set<String> names) {
      super("missing handlers " + names, null, false, false);
      this.names = names;
    }

    public Set<String> names() {
      return names;
    }
  }

  /** Another template has this name. */
  public static final class DuplicateName extends RuntimeException {
    DuplicateName(String message) {
      super(message, null, false, false);
    }
  }
}
