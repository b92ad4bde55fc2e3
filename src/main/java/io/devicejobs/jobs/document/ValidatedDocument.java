package io.devicejobs.jobs.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A job document that passed {@link JobDocumentValidator}.
 *
 * @param document the normalised document; a fresh node owned by the caller
 * @param placeholders the name of every placeholder used in any string of the document
 * @param handlerReferences for each runHandler step whose handler is a literal name: the JSON pointer of
 *     that handler in the document as submitted (e.g. "/steps/1/input/handler", or
 *     "/steps/1/action/input/handler" for the nested form) to the handler name, in step order. Handlers
 *     given as a placeholder are left out: they are only known once the placeholder is filled in.
 */
public record ValidatedDocument(
    ObjectNode document, SortedSet<String> placeholders, Map<String, String> handlerReferences) {

  public ValidatedDocument {
    Objects.requireNonNull(document, "document");
    placeholders = Collections.unmodifiableSortedSet(new TreeSet<>(placeholders));
    handlerReferences = Collections.unmodifiableMap(new LinkedHashMap<>(handlerReferences));
  }
}
