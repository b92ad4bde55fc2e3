package io.devicejobs.http;

import io.vertx.core.json.JsonArray;
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

  /** Whether every string in a parameter's value (a string, or one in an array or object) is {@link #storable(String)}. */
  public static boolean storable(Object value) {
    if (value instanceof String text) {
      return storable(text);
    }
    if (value instanceof JsonArray array) {
      return array.stream().allMatch(Text::storable);
    }
    if (value instanceof JsonObject object) {
      return object.fieldNames().stream().allMatch(Text::storable)
          && object.stream().allMatch(e -> storable(e.getValue()));
    }
    return true;
  }

  /**
   * Whether PostgreSQL text can hold the value: no NUL and no unpaired UTF-16 surrogate (which has no UTF-8
   * form).
   */
  public static boolean storable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // a pair: one supplementary character
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
