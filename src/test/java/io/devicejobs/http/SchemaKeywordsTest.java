package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ContractSchemas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every schema object of the contract holds only schema keywords. A comma inside a YAML flow mapping
 * ({@code {type: string, description: What went wrong, for a person.}}) silently ends the value and
 * adds a key named by the rest of the sentence; no validator complains, so this test does.
 */
class SchemaKeywordsTest {
  /** JSON Schema 2020-12 (every vocabulary) and what OpenAPI 3.1 adds to it. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "$schema",
          "$id",
          "$ref",
          "$anchor",
          "$dynamicRef",
          "$dynamicAnchor",
          "$vocabulary",
          "$comment",
          "$defs",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "dependentSchemas",
          "prefixItems",
          "items",
          "contains",
          "properties",
          "patternProperties",
          "additionalProperties",
          "propertyNames",
          "unevaluatedItems",
          "unevaluatedProperties",
          "type",
          "enum",
          "const",
          "multipleOf",
          "maximum",
          "exclusiveMaximum",
          "minimum",
          "exclusiveMinimum",
          "maxLength",
          "minLength",
          "pattern",
          "maxItems",
          "minItems",
          "uniqueItems",
          "maxContains",
          "minContains",
          "maxProperties",
          "minProperties",
          "required",
          "dependentRequired",
          "title",
          "description",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly",
          "examples",
          "format",
          "contentEncoding",
          "contentMediaType",
          "contentSchema",
          "discriminator",
          "xml",
          "externalDocs",
          "example");

  /** Keywords whose value is one schema. */
  private static final Set<String> ONE_SCHEMA =
      Set.of(
          "not",
          "if",
          "then",
          "else",
          "items",
          "contains",
          "additionalProperties",
          "propertyNames",
          "unevaluatedItems",
          "unevaluatedProperties",
          "contentSchema");

  /** Keywords whose value is a list of schemas. */
  private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");

  /** Keywords whose value maps names to schemas. */
  private static final Set<String> SCHEMA_MAPS =
      Set.of("properties", "patternProperties", "dependentSchemas", "$defs");

  @Test
  void everySchemaObjectOfTheContractHoldsOnlySchemaKeywords() {
    Findings findings = check(ContractSchemas.document());
    assertTrue(findings.schemas > 300, "schema objects checked: " + findings.schemas);
    assertEquals(List.of(), findings.strayKeys, "keys that are not schema keywords");
  }

  @Test
  void aCommaInAFlowMappingIsCaught() {
    JsonObject document =
        Contract.parse(
            """
            components:
              schemas:
                Error:
                  type: object
                  properties:
                    message: {type: string, description: What went wrong, for a person.}
            """);
    assertEquals(
        List.of("#/components/schemas/Error/properties/message: for a person."),
        check(document).strayKeys);
  }

  private static final class Findings {
    int schemas;
    final List<String> strayKeys = new ArrayList<>();
  }

  private static Findings check(JsonObject document) {
    Findings findings = new Findings();
    walkDocument(document, "#", findings);
    return findings;
  }

  /**
   * Finds the schemas of an OpenAPI document: under components/schemas and wherever a {@code schema}
   * key stands (parameters, headers, media types), at any depth outside schemas.
   */
  private static void walkDocument(Object node, String where, Findings findings) {
    if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        walkDocument(array.getValue(i), where + "/" + i, findings);
      }
    } else if (node instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        Object value = object.getValue(key);
        String at = where + "/" + key.replace("~", "~0").replace("/", "~1");
        if (key.equals("schema")) {
          walkSchema(value, at, findings);
        } else if (at.equals("#/components/schemas") && value instanceof JsonObject schemas) {
          schemas.forEach(e -> walkSchema(e.getValue(), at + "/" + e.getKey(), findings));
        } else {
          walkDocument(value, at, findings);
        }
      }
    }
  }

  private static void walkSchema(Object node, String where, Findings findings) {
    if (!(node instanceof JsonObject schema)) {
      return; // true, false
    }
    findings.schemas++;
    for (String key : schema.fieldNames()) {
      Object value = schema.getValue(key);
      String at = where + "/" + key;
      if (!KEYWORDS.contains(key) && !key.startsWith("x-")) {
        findings.strayKeys.add(where + ": " + key);
      } else if (ONE_SCHEMA.contains(key)) {
        walkSchema(value, at, findings);
      } else if (SCHEMA_LISTS.contains(key) && value instanceof JsonArray list) {
        for (int i = 0; i < list.size(); i++) {
          walkSchema(list.getValue(i), at + "/" + i, findings);
        }
      } else if (SCHEMA_MAPS.contains(key) && value instanceof JsonObject map) {
        map.forEach(e -> walkSchema(e.getValue(), at + "/" + e.getKey(), findings));
      }
    }
  }
}
