package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A server's answer to one call.
 *
 * @param body the parsed JSON body; {@link MissingNode} when there is none or it is not JSON
 * @param retryAfter the {@code Retry-After} header, when the server sent a usable one
 */
public record HttpAnswer(int status, JsonNode body, Optional<Duration> retryAfter) {

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** Whether calling again later may go differently: overload, server trouble, or credentials not yet valid. */
  public boolean isTransient() {
    return status == 408 || status == 429 || status >= 500 || status == 401 || status == 403;
  }

  /**
   * The server (or a proxy in front of it) cannot serve now: 503 (its database is away, it sheds load), 502,
   * 504. Treated like a network error: back off, honour Retry-After, keep what is to be sent.
   */
  public boolean isUnavailable() {
    return isUnavailable(status);
  }

  public static boolean isUnavailable(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  /** The error message of an error answer, for logs. */
  public String message() {
    JsonNode message = body.path("message");
    return "HTTP " + status + (message.isTextual() ? ": " + message.textValue() : "");
  }

  /** {@code Retry-After} is either delay-seconds or an HTTP date. */
  static Optional<Duration> parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
