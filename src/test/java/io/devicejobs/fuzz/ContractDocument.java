package io.devicejobs.fuzz;

import io.devicejobs.security.AccessPolicy;
import io.devicejobs.testing.ContractSchemas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The contract shipped with the server, read as JSON: its operations and the schemas they refer to. */
final class ContractDocument {
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  private final JsonObject document;

  private ContractDocument(JsonObject document) {
    this.document = document;
  }

  static ContractDocument load() {
    return new ContractDocument(ContractSchemas.document());
  }

  /** Every operation, in contract order. */
  List<ContractOperation> operations() {
    Map<String, AccessPolicy> access = AccessPolicy.fromContract(document);
    List<ContractOperation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject operation = item.getJsonObject(method);
        if (operation == null) {
          continue;
        }
        List<ContractOperation.Parameter> parameters = new ArrayList<>();
        addParameters(parameters, item.getJsonArray("parameters"));
        addParameters(parameters, operation.getJsonArray("parameters"));
        JsonObject body = operation.getJsonObject("requestBody");
        JsonObject bodySchema =
            body == null
                ? null
                : resolve(body)
                    .getJsonObject("content")
                    .getJsonObject("application/json")
                    .getJsonObject("schema");
        String id = operation.getString("operationId");
        operations.add(
            new ContractOperation(
                id,
                method,
                path,
                parameters,
                bodySchema,
                access.get(id),
                new LinkedHashSet<>(operation.getJsonObject("responses").fieldNames())));
      }
    }
    return operations;
  }

  private void addParameters(List<ContractOperation.Parameter> into, JsonArray declared) {
    if (declared == null) {
      return;
    }
    for (Object entry : declared) {
      JsonObject parameter = resolve((JsonObject) entry);
      into.add(
          new ContractOperation.Parameter(
              parameter.getString("name"),
              parameter.getString("in"),
              parameter.getBoolean("required", false),
              parameter.getJsonObject("schema")));
    }
  }

  /** Follows {@code $ref}s (local ones: {@code #/components/...}) until a schema or object of its own. */
  JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    while (current.containsKey("$ref")) {
      String ref = current.getString("$ref");
      if (!ref.startsWith("#/")) {
        throw new IllegalStateException("only local references are expected: " + ref);
      }
      Object target = document;
      for (String segment : ref.substring(2).split("/")) {
        target = ((JsonObject) target).getValue(segment.replace("~1", "/").replace("~0", "~"));
      }
      current = (JsonObject) target;
    }
    return current;
  }

  /** The name a schema is referred to by ({@code Uuid} for {@code #/components/schemas/Uuid}), or null. */
  static String refName(JsonObject schema) {
    String ref = schema.getString("$ref");
    return ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
  }

  /**
   * The properties an object schema declares, its {@code allOf} parts included (the contract composes bodies
   * from shared field sets), by name.
   */
  Map<String, JsonObject> properties(JsonObject schema) {
    Map<String, JsonObject> properties = new LinkedHashMap<>();
    JsonObject resolved = resolve(schema);
    JsonObject own = resolved.getJsonObject("properties");
    if (own != null) {
      own.forEach(p -> properties.put(p.getKey(), (JsonObject) p.getValue()));
    }
    JsonArray parts = resolved.getJsonArray("allOf");
    if (parts != null) {
      parts.forEach(part -> properties.putAll(properties((JsonObject) part)));
    }
    return properties;
  }

  /** The required property names, the {@code allOf} parts' included. */
  Set<String> required(JsonObject schema) {
    Set<String> required = new LinkedHashSet<>();
    JsonObject resolved = resolve(schema);
    resolved.getJsonArray("required", new JsonArray()).forEach(r -> required.add((String) r));
    JsonArray parts = resolved.getJsonArray("allOf");
    if (parts != null) {
      parts.forEach(part -> required.addAll(required((JsonObject) part)));
    }
    return required;
  }
}
