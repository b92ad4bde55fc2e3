package io.devicejobs.jobs.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A template with its placeholders filled in, validated again as a job document.
 *
 * @param document the normalised job document, without placeholders; a fresh node owned by the caller
 * @param handlerReferences JSON pointer of each runHandler step's handler to the handler name, in step order,
 *     including handlers that were placeholders in the template; the caller checks that they exist
 */
public record RenderedDocument(ObjectNode document, Map<String, String> handlerReferences) {

  public RenderedDocument {
    Objects.requireNonNull(document, "document");
    handlerReferences = Collections.unmodifiableMap(new LinkedHashMap<>(handlerReferences));
  }
}
