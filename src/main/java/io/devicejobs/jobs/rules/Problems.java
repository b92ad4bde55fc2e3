package io.devicejobs.jobs.rules;

import io.devicejobs.jobs.document.InvalidJobDocumentException;
import io.devicejobs.jobs.document.Violation;
import java.util.ArrayList;
import java.util.List;

/** Collects every violation found, so that all are reported at once. One instance per check. */
final class Problems {

  /** Same cap as the job document validator, so one hostile input cannot produce a huge error response. */
  static final int MAX_VIOLATIONS = 50;

  private final List<Violation> violations = new ArrayList<>();
  private int reported;

  void add(String pointer, String message) {
    reported++;
    if (violations.size() < MAX_VIOLATIONS) {
      violations.add(new Violation(pointer, message));
    }
  }

  void addAll(List<Violation> others) {
    others.forEach(v -> add(v.pointer(), v.message()));
  }

  /** How many violations were reported, including those beyond the cap. */
  int reported() {
    return reported;
  }

  void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new InvalidJobDocumentException(violations);
    }
  }

  /** An RFC 6901 pointer to {@code key} inside {@code parent}. */
  static String child(String parent, String key) {
    // "~" first, or the "~" introduced by "~1" would be escaped again.
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }
}
