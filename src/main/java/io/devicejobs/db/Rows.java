package io.devicejobs.db;

import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small conversions from rows to the API's JSON values. */
public final class Rows {
  private Rows() {}

  /** ISO-8601 in UTC, or null. */
  public static String timestamp(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toString();
  }

  public static JsonArray textArray(Row row, String column) {
    String[] values = row.getArrayOfStrings(column);
    return values == null ? new JsonArray() : new JsonArray(Arrays.asList((Object[]) values));
  }

  public static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  /** Every row, mapped. */
  public static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(mapper.apply(r)));
    return out;
  }

  public static long count(RowSet<Row> rows) {
    return rows.iterator().next().getLong(0);
  }
}
