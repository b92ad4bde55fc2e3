package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A job the server handed to this device (a 200 to the poll): the server moved its execution to IN_PROGRESS
 * at {@code version}; the server's deadline is {@code secondsRemaining} away (counted on the server's clock and
 * sent as a duration, so a device clock that is off does not matter).
 *
 * @param receivedAt when the answer arrived: the device's deadline counts from here
 */
record PolledJob(
    UUID jobId,
    String jobName,
    JsonNode document,
    int timeoutSeconds,
    int executionNumber,
    int version,
    Instant receivedAt,
    int secondsRemaining) {

  static PolledJob from(JsonNode body, Instant receivedAt) {
    return new PolledJob(
        UUID.fromString(body.path("job_id").asText()),
        body.path("job_name").asText(""),
        body.path("job_document"),
        body.path("timeout_seconds").asInt(),
        body.path("execution_number").asInt(),
        body.path("version_number").asInt(),
        receivedAt,
        // A server without seconds_remaining: the whole timeout, from now.
        body.path("seconds_remaining").asInt(body.path("timeout_seconds").asInt()));
  }

  Instant deadline() {
    return receivedAt.plusSeconds(secondsRemaining);
  }

  /** The job's whole timeout, which a timeout reason names; an older server may not send it. */
  Duration timeout() {
    return timeoutSeconds > 0
        ? Duration.ofSeconds(timeoutSeconds)
        : Duration.between(receivedAt, deadline());
  }
}
