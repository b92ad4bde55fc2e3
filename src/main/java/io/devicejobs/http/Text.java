package io.devicejobs.http;

import io.vertx.core.json.JsonObject;

/** Checks on free-text fields that the contract's schemas cannot express. */
public final class Text {
  private Text() {}

  /** Names and labels: no control characters (they corrupt logs and terminals), not blank. */
  public static String name(JsonObject body, String field) {
    String value = body.getString(field);
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw ApiError.invalidField("/" + field, "must not be blank");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.invalidField("/" + field, "must not contain control characters");
    }
    return value.strip();
  }

  /** Longer free text (descriptions, scripts): anything but NUL, which PostgreSQL text cannot hold. */
  public static String freeText(JsonObject body, String field) {
    String value = body.getString(field);
    if (value != null && value.indexOf('\0') >= 0) {
      throw ApiError.invalidField("/" + field, "must not contain NUL characters");
    }
    return value;
  }
}
