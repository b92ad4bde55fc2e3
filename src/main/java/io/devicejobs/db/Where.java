package io.devicejobs.db;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a WHERE clause and its parameters together, so optional filters can be combined without
 * hand-numbering {@code $n} placeholders. Write {@code ?} for each value; it becomes the next {@code $n}.
 */
public final class Where {
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  /** Adds a condition with a {@code ?} for each value. */
  public Where and(String condition, Object... conditionValues) {
    StringBuilder sql = new StringBuilder();
    int next = 0;
    for (int i = 0; i < condition.length(); i++) {
      char c = condition.charAt(i);
      if (c == '?') {
        values.add(conditionValues[next++]);
        sql.append('$').append(values.size());
      } else {
        sql.append(c);
      }
    }
    if (next != conditionValues.length) {
      throw new IllegalArgumentException(
          "condition has "
              + next
              + " placeholders but "
              + conditionValues.length
              + " values: "
              + condition);
    }
    conditions.add(sql.toString());
    return this;
  }

  /** Adds the condition only when the value is present. */
  public Where andIf(Object value, String condition) {
    return value == null ? this : and(condition, value);
  }

  public String sql() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /** The next free placeholder, for values appended after the clause (LIMIT, OFFSET). */
  public String next(Object value) {
    values.add(value);
    return "$" + values.size();
  }

  public Tuple tuple() {
    return Tuple.from(values);
  }

  /** The parameters without any added through {@link #next}, for a count over the same filter. */
  public Tuple tuple(int dropLast) {
    return Tuple.from(values.subList(0, values.size() - dropLast));
  }

  /** Escapes LIKE wildcards so that user input is matched literally (with ESCAPE '\'). */
  public static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
