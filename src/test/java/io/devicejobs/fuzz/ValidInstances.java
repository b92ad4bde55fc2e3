package io.devicejobs.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Makes a value that a schema of the contract accepts, preferring the fixture's resources, so that a case that
 * changes one thing of a valid request is refused for that one thing (or accepted and reaches the database).
 */
final class ValidInstances {
  private final ContractDocument contract;
  private final OperationFixture fixture;
  private final String prefix;
  private final AtomicInteger unique = new AtomicInteger();

  ValidInstances(ContractDocument contract, OperationFixture fixture, String prefix) {
    this.contract = contract;
    this.fixture = fixture;
    this.prefix = prefix;
  }

  /** An object with the required fields and the fields the fixture has values for (at least one field). */
  JsonObject object(JsonObject schema) {
    JsonObject value = new JsonObject();
    Set<String> required = contract.required(schema);
    Map<String, JsonObject> properties = contract.properties(schema);
    for (Map.Entry<String, JsonObject> property : properties.entrySet()) {
      Object known = fixture.forProperty(property.getKey());
      if (known != null) {
        value.put(property.getKey(), known);
      } else if (required.contains(property.getKey())) {
        value.put(property.getKey(), of(property.getValue()));
      }
    }
    // A partial update with nothing in it changes nothing (and is refused): give it its first
    // field.
    if (value.isEmpty() && !properties.isEmpty()) {
      Map.Entry<String, JsonObject> first = properties.entrySet().iterator().next();
      value.put(first.getKey(), of(first.getValue()));
    }
    return value;
  }

  Object of(JsonObject schema) {
    String ref = ContractDocument.refName(schema);
    if (ref != null && fixture.forSchema(ref) != null) {
      return fixture.forSchema(ref);
    }
    JsonObject s = contract.resolve(schema);
    if (s.containsKey("const")) {
      return s.getValue("const");
    }
    if (s.containsKey("enum")) {
      return s.getJsonArray("enum").getValue(0);
    }
    for (String choice : List.of("oneOf", "anyOf")) {
      if (s.containsKey(choice)) {
        return of(s.getJsonArray(choice).getJsonObject(0));
      }
    }
    String type = type(s);
    return switch (type) {
      case "object" -> object(s);
      case "array" -> array(s);
      case "integer", "number" -> number(s);
      case "boolean" -> Boolean.TRUE;
      default -> string(s);
    };
  }

  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray types) {
      return types.stream()
          .map(String::valueOf)
          .filter(t -> !t.equals("null"))
          .findFirst()
          .orElse("null");
    }
    if (type == null) {
      return schema.containsKey("properties") || schema.containsKey("allOf") ? "object" : "string";
    }
    return (String) type;
  }

  private JsonArray array(JsonObject schema) {
    JsonArray items = new JsonArray();
    JsonObject itemSchema = schema.getJsonObject("items", new JsonObject());
    for (int i = 0; i < Math.max(1, schema.getInteger("minItems", 1)); i++) {
      items.add(of(itemSchema));
    }
    return items;
  }

  private static long number(JsonObject schema) {
    long value = Math.max(1, schema.getLong("minimum", 1L));
    return schema.containsKey("maximum") ? Math.min(value, schema.getLong("maximum")) : value;
  }

  /** The first of a few plain candidates that fits the length limits and the pattern. */
  private String string(JsonObject schema) {
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
    Pattern pattern =
        schema.containsKey("pattern") ? Pattern.compile(schema.getString("pattern")) : null;
    for (String candidate :
        List.of(prefix + "-" + unique.incrementAndGet(), "fz", "a", "1", "fuzz value")) {
      if (candidate.length() >= min
          && candidate.length() <= max
          && (pattern == null || pattern.matcher(candidate).find())) {
        return candidate;
      }
    }
    throw new IllegalStateException("no plain value fits the schema " + schema.encode());
  }
}
