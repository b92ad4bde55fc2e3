package io.devicejobs.http;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The details of a 400 from the contract's schema checks: one per failed leaf check, with its JSON
 * pointer. A field the contract does not name gets {@code code: unknown_field}, so that a newer
 * client talking to an older server can tell it from a bad value.
 */
final class SchemaViolations {
  static final String UNKNOWN_FIELD = "unknown_field";
  private static final int MAX_DETAILS = 20;

  private SchemaViolations() {}

  private record Leaf(String pointer, String keyword, String message) {
    boolean aboutUnnamedFields() {
      return keyword.endsWith("/additionalProperties")
          || keyword.endsWith("/unevaluatedProperties");
    }

    boolean at(Leaf other) {
      return pointer.equals(other.pointer) || pointer.startsWith(other.pointer + "/");
    }
  }

  static List<JsonObject> of(OutputUnit root) {
    List<Leaf> leaves = new ArrayList<>();
    collect(root, leaves);
    List<JsonObject> details = new ArrayList<>();
    for (Leaf leaf : leaves) {
      if (details.size() == MAX_DETAILS) {
        break;
      }
      if (!leaf.aboutUnnamedFields()) {
        details.add(ApiError.detail(leaf.pointer(), leaf.message()));
      } else if (leaves.stream()
          .noneMatch(other -> other != leaf && !other.aboutUnnamedFields() && other.at(leaf))) {
        // The validator also reports a named field whose value failed as "not matching the
        // additional properties": that field is known, and its own failure is reported already.
        details.add(
            ApiError.detail(leaf.pointer(), "unknown field: the contract has no such field")
                .put("code", UNKNOWN_FIELD));
      }
    }
    return details;
  }

  private static void collect(OutputUnit unit, List<Leaf> leaves) {
    if (unit == null) {
      return;
    }
    if (unit.getError() != null && (unit.getErrors() == null || unit.getErrors().isEmpty())) {
      leaves.add(
          new Leaf(
              strip(unit.getInstanceLocation()),
              unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation(),
              unit.getError()));
    }
    if (unit.getErrors() != null) {
      for (OutputUnit child : unit.getErrors()) {
        collect(child, leaves);
      }
    }
  }

  private static String strip(String location) {
    if (location == null) {
      return "";
    }
    return location.startsWith("#") ? location.substring(1) : location;
  }
}
