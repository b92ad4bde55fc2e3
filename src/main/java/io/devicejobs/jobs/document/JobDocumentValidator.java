package io.devicejobs.jobs.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Checks a submitted job document against the job document format (version "1.0") and normalises it.
 *
 * <p>All problems are reported at once (up to 50), each with the JSON
 * pointer of the offending value as submitted. The normalised document has a fixed key order and explicit
 * defaults, so equal documents serialise identically. The submitted node is never modified.
 */
public final class JobDocumentValidator {

  /** Limit on the compact UTF-8 JSON of the normalised document. */
  public static final int MAX_BYTES = 32 * 1024;

  public static final int MAX_STEPS = 64;
  public static final String VERSION_1_0 = "1.0";

  private static final String VERSION = "version";
  private static final String INCLUDE_STD_OUT = "includeStdOut";
  private static final String STEPS = "steps";
  private static final String FINAL_STEP = "finalStep";
  private static final Set<String> DOCUMENT_KEYS =
      Set.of(VERSION, INCLUDE_STD_OUT, STEPS, FINAL_STEP);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * @throws InvalidJobDocumentException listing every violation found
   */
  public ValidatedDocument validate(JsonNode raw) {
    DocumentReader reader = new DocumentReader();
    InputNormaliser inputs = new InputNormaliser(reader);
    StepNormaliser steps = new StepNormaliser(reader, inputs);

    ObjectNode root = reader.object(raw, JsonPointers.ROOT);
    if (root == null) {
      throw new InvalidJobDocumentException(reader.violations());
    }
    ObjectNode document = normalise(root, reader, steps);
    checkSize(document, reader);
    if (!reader.violations().isEmpty()) {
      throw new InvalidJobDocumentException(reader.violations());
    }
    return new ValidatedDocument(document, reader.placeholders(), inputs.handlerReferences());
  }

  private static ObjectNode normalise(
      ObjectNode root, DocumentReader reader, StepNormaliser steps) {
    reader.rejectUnknownKeys(root, JsonPointers.ROOT, DOCUMENT_KEYS);
    ObjectNode document = NODES.objectNode();
    document.put(VERSION, version(root.get(VERSION), reader));
    document.put(INCLUDE_STD_OUT, includeStdOut(root.get(INCLUDE_STD_OUT), reader));
    document.set(STEPS, steps(root.get(STEPS), reader, steps));
    if (root.has(FINAL_STEP)) {
      document.set(
          FINAL_STEP, steps.normalise(root.get(FINAL_STEP), pointer(FINAL_STEP), "final-step"));
    }
    return document;
  }

  private static String version(JsonNode value, DocumentReader reader) {
    String version = reader.requiredString(value, pointer(VERSION));
    if (version != null && !version.equals(VERSION_1_0)) {
      reader.report(pointer(VERSION), "must be \"" + VERSION_1_0 + "\"");
    }
    return version;
  }

  private static boolean includeStdOut(JsonNode value, DocumentReader reader) {
    if (value == null) {
      return false;
    }
    Boolean include = reader.bool(value, pointer(INCLUDE_STD_OUT));
    return include != null && include;
  }

  private static ArrayNode steps(JsonNode value, DocumentReader reader, StepNormaliser steps) {
    String at = pointer(STEPS);
    ArrayNode normalised = NODES.arrayNode();
    if (value == null) {
      reader.report(at, "is required");
      return normalised;
    }
    ArrayNode submitted = reader.array(value, at);
    if (submitted == null) {
      return normalised;
    }
    if (submitted.isEmpty()) {
      reader.report(at, "must not be empty");
    } else if (submitted.size() > MAX_STEPS) {
      reader.report(at, "must have at most " + MAX_STEPS + " steps");
    }
    for (int i = 0; i < submitted.size(); i++) {
      normalised.add(
          steps.normalise(submitted.get(i), JsonPointers.child(at, i), "step-" + (i + 1)));
    }
    return normalised;
  }

  private static void checkSize(ObjectNode document, DocumentReader reader) {
    // JsonNode.toString() is the compact JSON serialisation.
    int bytes = document.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      reader.report(
          JsonPointers.ROOT,
          "must be at most " + MAX_BYTES + " bytes as compact JSON, but is " + bytes + " bytes");
    }
  }

  private static String pointer(String key) {
    return JsonPointers.child(JsonPointers.ROOT, key);
  }
}
