package io.devicejobs.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.function.Function;

/** A page of rows and how many match in all; every listing of the API is one of these. */
public record Paged(List<JsonObject> items, long total) {

  /**
   * Runs the page query and the count over the same filter, side by side.
   *
   * @param select {@code SELECT columns FROM ...} (joins allowed)
   * @param count {@code SELECT count(*) FROM ...} over the same rows, without what only the columns need
   */
  public static Future<Paged> fetch(
      SqlClient client,
      String select,
      String count,
      Where where,
      String orderBy,
      Page page,
      Function<Row, JsonObject> mapper) {
    String limit = where.next(page.limit());
    String offset = where.next(page.offset());
    Future<List<JsonObject>> items =
        client
            .preparedQuery(
                select
                    + where.sql()
                    + " ORDER BY "
                    + orderBy
                    + " LIMIT "
                    + limit
                    + " OFFSET "
                    + offset)
            .execute(where.tuple())
            .map(rows -> Rows.map(rows, mapper));
    Future<Long> total =
        client.preparedQuery(count + where.sql()).execute(where.tuple(2)).map(Rows::count);
    return Future.all(items, total).map(done -> new Paged(items.result(), total.result()));
  }
}
