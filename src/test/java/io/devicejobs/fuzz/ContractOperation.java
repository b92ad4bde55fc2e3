package io.devicejobs.fuzz;

import io.devicejobs.security.AccessPolicy;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * One operation of the contract, as the fuzz needs it: where it lives, its parameters and body schema (references
 * still in place; {@link ContractDocument} resolves them), who may call it and which statuses it documents.
 */
record ContractOperation(
    String id,
    String method,
    String path,
    List<Parameter> parameters,
    JsonObject bodySchema,
    AccessPolicy access,
    Set<String> documentedStatuses) {

  /** A path, query or header parameter with its (resolved) schema. */
  record Parameter(String name, String in, boolean required, JsonObject schema) {}

  List<Parameter> parameters(String in) {
    return parameters.stream().filter(p -> p.in().equals(in)).toList();
  }

  boolean hasBody() {
    return bodySchema != null;
  }

  /** Whether the server answers this status as documented (the only 5xx the fuzz accepts is a documented one). */
  boolean documents(int status) {
    return documentedStatuses.contains(Integer.toString(status));
  }

  /**
   * A successful answer to this call leaves an audit row: operator (and provisioning) changes do, reads, the
   * preview and device traffic do not (docs/security.md).
   */
  boolean audited() {
    return !method.equals("get") && !id.equals("previewJob") && !deviceCaller();
  }

  /** Devices call it with their token (and no operator key may). */
  boolean deviceCaller() {
    return access.devices() && !access.operators();
  }

  boolean provisioningCaller() {
    return access.provisioning() && !access.operators() && !access.devices();
  }

  @Override
  public String toString() {
    return id + " (" + method.toUpperCase() + " " + path + ")";
  }
}
