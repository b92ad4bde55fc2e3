package io.devicejobs.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the OpenAPI contract shipped in the jar. */
public final class Contract {
  public static final String RESOURCE = "openapi/device-jobs.yaml";

  /** Only used to satisfy the parser; requests are matched by the routes, never by this host. */
  private static final String PARSER_ORIGIN = "http://device-jobs.invalid";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Contract() {}

  /** The parsed contract for the router, and the document itself (access policies are read from it). */
  public record Loaded(OpenAPIContract contract, JsonObject document) {}

  public static Future<Loaded> load(Vertx vertx) {
    return vertx
        .fileSystem()
        .readFile(RESOURCE)
        .map(yaml -> parse(yaml.toString(StandardCharsets.UTF_8)))
        .compose(
            json ->
                OpenAPIContract.from(vertx, forRouter(json))
                    .map(contract -> new Loaded(contract, json)));
  }

  /** The YAML document as JSON: scalars stay what JSON has (dates, for one, stay strings). */
  public static JsonObject parse(String yaml) {
    try {
      return new JsonObject(YAML.readTree(yaml).toString());
    } catch (IOException e) {
      throw new UncheckedIOException("the contract " + RESOURCE + " is not valid YAML", e);
    }
  }

  /**
   * What the router builder is given: server URLs made absolute (see below) and security requirements left out,
   * because access is enforced by our own guard from the same contract (the 5.0.x router only knows JWT bearer
   * handlers and refuses to build without one per scheme).
   */
  static JsonObject forRouter(JsonObject contract) {
    JsonObject copy = withAbsoluteServers(contract);
    copy.remove("security");
    JsonObject paths = copy.getJsonObject("paths");
    paths
        .fieldNames()
        .forEach(
            path ->
                paths
                    .getJsonObject(path)
                    .forEach(
                        entry -> {
                          if (entry.getValue() instanceof JsonObject operation) {
                            operation.remove("security");
                          }
                        }));
    JsonObject components = copy.getJsonObject("components");
    if (components != null) {
      components.remove("securitySchemes");
    }
    return copy;
  }

  /**
   * The contract says {@code servers: [{url: /api/v1}]}, as clients expect; the 5.0.x parser only accepts
   * absolute server URLs, so it is handed the same path on a placeholder origin.
   */
  static JsonObject withAbsoluteServers(JsonObject contract) {
    JsonObject copy = contract.copy();
    JsonArray servers = copy.getJsonArray("servers", new JsonArray());
    for (int i = 0; i < servers.size(); i++) {
      JsonObject server = servers.getJsonObject(i);
      String url = server.getString("url");
      if (url != null && url.startsWith("/")) {
        server.put("url", PARSER_ORIGIN + url);
      }
    }
    return copy;
  }
}
