package io.devicejobs.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may call one operation, read from the contract: the operation's {@code security} requirements (or the
 * document's default) and its {@code x-roles}. Device operations with a {@code {uuid}} in the path are scoped:
 * a device token only works for its own uuid.
 */
public record AccessPolicy(
    String operationId,
    String method,
    String path,
    boolean operators,
    Set<Role> roles,
    boolean devices,
    boolean provisioning,
    boolean deviceScoped) {

  public static final String OPERATOR_KEY = "operatorKey";
  public static final String DEVICE_TOKEN = "deviceToken";
  public static final String DEVICE_API_KEY = "deviceApiKey";
  public static final String PROVISIONING_KEY = "provisioningKey";
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  public boolean isPublic() {
    return !operators && !devices && !provisioning;
  }

  /** One policy per operationId, in contract order. */
  public static Map<String, AccessPolicy> fromContract(JsonObject contract) {
    JsonArray defaults = contract.getJsonArray("security", new JsonArray());
    Map<String, AccessPolicy> policies = new LinkedHashMap<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject operation = item.getJsonObject(method);
        if (operation != null) {
          AccessPolicy policy = of(path, method, operation, defaults);
          policies.put(policy.operationId(), policy);
        }
      }
    }
    return policies;
  }

  private static AccessPolicy of(
      String path, String method, JsonObject operation, JsonArray defaults) {
    JsonArray requirements = operation.getJsonArray("security", defaults);
    List<String> schemes = new ArrayList<>();
    requirements.forEach(r -> schemes.addAll(((JsonObject) r).fieldNames()));
    boolean operators = schemes.contains(OPERATOR_KEY);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    operation
        .getJsonArray("x-roles", new JsonArray())
        .forEach(
            r ->
                roles.add(
                    Role.parse((String) r)
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "unknown role "
                                        + r
                                        + " in "
                                        + operation.getString("operationId")))));
    if (operators && roles.isEmpty()) {
      throw new IllegalStateException(
          "operation "
              + operation.getString("operationId")
              + " takes operator keys but has no x-roles");
    }
    boolean devices = schemes.contains(DEVICE_TOKEN) || schemes.contains(DEVICE_API_KEY);
    return new AccessPolicy(
        operation.getString("operationId"),
        method,
        path,
        operators,
        roles,
        devices,
        schemes.contains(PROVISIONING_KEY),
        devices && path.contains("{uuid}"));
  }
}
