package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.api.Test;

class CachingSchemaRepositoryTest {
  private final CachingSchemaRepository schemas =
      new CachingSchemaRepository(
          SchemaRepository.create(
              new JsonSchemaOptions()
                  .setDraft(Draft.DRAFT202012)
                  .setBaseUri("https://devicejobs.invalid/")));

  @Test
  void aSchemaGetsOneValidatorThatKeepsValidating() {
    JsonSchema name = JsonSchema.of(new JsonObject().put("type", "string").put("maxLength", 3));
    Validator first = schemas.validator(name);
    assertSame(first, schemas.validator(name));
    assertTrue(first.validate("abc").getValid());
    assertFalse(first.validate("abcd").getValid());
    assertTrue(schemas.validator(name).validate("ab").getValid());
  }

  @Test
  void equalSchemasThatAreDifferentObjectsGetTheirOwn() {
    JsonObject json = new JsonObject().put("type", "integer");
    assertNotSame(
        schemas.validator(JsonSchema.of(json.copy())),
        schemas.validator(JsonSchema.of(json.copy())));
  }
}
