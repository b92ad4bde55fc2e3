package io.devicejobs.http;

import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The contract's schema repository, keeping the validator of each schema instead of building one per request.
 *
 * <p>vertx-json-schema 5.0.x builds a validator for every parameter and body of every request, copying the map of
 * every schema in the contract each time: a third of the server's CPU under report load. A built validator is
 * immutable (it validates with call-local state only), and the contract's parameters and media types keep their
 * schema objects for good, so one validator per schema object serves every request. Schemas are keyed by
 * identity: the contract holds a fixed, small set of them.
 */
final class CachingSchemaRepository implements SchemaRepository {
  private final SchemaRepository schemas;
  private final Map<JsonSchema, Validator> validators =
      Collections.synchronizedMap(new IdentityHashMap<>());

  CachingSchemaRepository(SchemaRepository schemas) {
    this.schemas = schemas;
  }

  @Override
  public Validator validator(JsonSchema schema) {
    Validator known = validators.get(schema);
    if (known == null) {
      known = schemas.validator(schema);
      validators.put(schema, known);
    }
    return known;
  }

  @Override
  public SchemaRepository dereference(JsonSchema schema) {
    return schemas.dereference(schema);
  }

  @Override
  public SchemaRepository dereference(String uri, JsonSchema schema) {
    return schemas.dereference(uri, schema);
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs) {
    return schemas.preloadMetaSchema(fs);
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
    return schemas.preloadMetaSchema(fs, draft);
  }

  @Override
  public Validator validator(String ref) {
    return schemas.validator(ref);
  }

  @Override
  public Validator validator(String ref, JsonSchemaOptions options) {
    return schemas.validator(ref, options);
  }

  @Override
  public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
    return schemas.validator(schema, options, dereference);
  }

  @Override
  public JsonObject resolve(JsonObject schema) {
    return schemas.resolve(schema);
  }

  @Override
  public JsonSchema find(String pointer) {
    return schemas.find(pointer);
  }
}
