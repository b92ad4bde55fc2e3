package io.devicejobs.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** The job this agent started and has not finished reporting: one execution of one job. */
record JournalEntry(UUID jobId, int executionNumber, String jobName, Instant startedAt) {

  static JournalEntry startingNow(PolledJob job, Instant now) {
    return new JournalEntry(job.jobId(), job.executionNumber(), job.jobName(), now);
  }

  /** Whether the server is handing back the very execution this entry says was started. */
  boolean isSameExecution(PolledJob job) {
    return jobId.equals(job.jobId()) && executionNumber == job.executionNumber();
  }

  ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("job_id", jobId.toString());
    json.put("execution_number", executionNumber);
    json.put("job_name", jobName);
    json.put("started_at", startedAt.toString());
    return json;
  }

  static JournalEntry fromJson(JsonNode json) {
    return new JournalEntry(
        UUID.fromString(json.path("job_id").asText()),
        json.path("execution_number").asInt(),
        json.path("job_name").asText(null),
        Instant.parse(json.path("started_at").asText()));
  }
}
