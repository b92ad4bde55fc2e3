package io.devicejobs.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Strict UUID parsing: {@link UUID#fromString} accepts forms such as "1-1-1-1-1" that are not UUIDs. */
public final class Uuids {
  private static final Pattern CANONICAL =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private Uuids() {}

  public static boolean isUuid(String value) {
    return value != null && CANONICAL.matcher(value).matches();
  }

  public static UUID parse(String value, String field) {
    if (!isUuid(value)) {
      throw ApiError.invalidField(field.startsWith("/") ? field : "/" + field, "must be a UUID");
    }
    return UUID.fromString(value);
  }
}
