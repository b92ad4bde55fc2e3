package io.devicejobs.jobs.document;

import java.util.List;

/** Thrown when a job document breaks one or more rules; {@link #violations()} lists them all. */
public final class InvalidJobDocumentException extends RuntimeException {

  private final List<Violation> violations;

  public InvalidJobDocumentException(List<Violation> violations) {
    super(summarise(violations));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String summarise(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an invalid document has at least one violation");
    }
    Violation first = violations.get(0);
    String summary = first.pointer() + ": " + first.message();
    int others = violations.size() - 1;
    return others == 0 ? summary : summary + " (and " + others + " more)";
  }
}
