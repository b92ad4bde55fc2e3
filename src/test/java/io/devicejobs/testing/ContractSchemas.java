package io.devicejobs.testing;

import io.devicejobs.http.Contract;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Validates JSON against a schema of the contract's components, as the server does. */
public final class ContractSchemas {
  private static final String CONTRACT_ID = "app:///contract.json";
  private final SchemaRepository repository;

  public ContractSchemas() {
    repository =
        SchemaRepository.create(
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("app://"));
    repository.dereference(CONTRACT_ID, JsonSchema.of(document()));
  }

  /** The outcome of validating {@code value} against {@code #/components/schemas/<name>}. */
  public OutputUnit validate(String name, Object value) {
    return repository
        .validator(
            JsonSchema.of(
                new JsonObject().put("$ref", CONTRACT_ID + "#/components/schemas/" + name)))
        .validate(value);
  }

  /** The contract shipped in the jar, as JSON. */
  public static JsonObject document() {
    try (InputStream in =
        ContractSchemas.class.getClassLoader().getResourceAsStream(Contract.RESOURCE)) {
      return Contract.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
