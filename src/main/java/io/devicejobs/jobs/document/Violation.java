package io.devicejobs.jobs.document;

import java.util.Objects;

/**
 * One problem found in a job document.
 *
 * @param pointer RFC 6901 JSON pointer to the offending value in the document as submitted ("" is the root)
 * @param message what is wrong, phrased to follow the pointer, e.g. "is required"
 */
public record Violation(String pointer, String message) {

  public Violation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }
}
