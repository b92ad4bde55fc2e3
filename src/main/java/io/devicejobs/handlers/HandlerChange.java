package io.devicejobs.handlers;

/** A partial update of a handler: null means "keep" (description can be cleared, hence descriptionGiven). */
public record HandlerChange(
    boolean descriptionGiven,
    String description,
    String scriptType,
    String script,
    Boolean isActive) {

  public String sha256() {
    return HandlerScript.sha256(script);
  }

  public boolean isEmpty() {
    return !descriptionGiven && scriptType == null && script == null && isActive == null;
  }
}
