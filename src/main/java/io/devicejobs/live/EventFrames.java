package io.devicejobs.live;

import io.devicejobs.jobs.rules.JobCounts;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Turns rows of {@link JobEventStore} into the WebSocket frames of docs/websocket.md. */
final class EventFrames {
  private EventFrames() {}

  /** The event of a row; null for the progress event of a job that no longer exists. */
  static LiveEvent fromRow(Row r) {
    long seq = r.getLong("seq");
    UUID job = r.getUUID("job_id");
    UUID device = r.getUUID("device_uuid");
    OffsetDateTime at = r.getOffsetDateTime("occurred_at");
    JsonObject frame;
    if (device != null) {
      frame =
          new JsonObject()
              .put("type", "job:status")
              .put("seq", seq)
              .put("job_id", job.toString())
              .put("device_uuid", device.toString())
              .put("status", r.getString("status"))
              .put("previous_status", r.getString("previous_status"))
              .put("execution_number", r.getInteger("execution_number"))
              .put("version_number", r.getInteger("version_number"))
              .put("timestamp", at.toString());
    } else {
      String jobStatus = r.getString("job_status");
      if (jobStatus == null) {
        return null;
      }
      frame =
          new JsonObject()
              .put("type", "job:progress")
              .put("seq", seq)
              .put("job_id", job.toString())
              .put("status", jobStatus)
              .put("counts", counts(r))
              .put("timestamp", at.toString());
    }
    return new LiveEvent(seq, job, device, frame.encode(), at.toInstant().toEpochMilli());
  }

  private static JsonObject counts(Row r) {
    JobCounts counts =
        new JobCounts(
            r.getLong("queued"),
            r.getLong("in_progress"),
            r.getLong("succeeded"),
            r.getLong("failed"),
            r.getLong("timed_out"),
            r.getLong("rejected"),
            r.getLong("canceled"),
            r.getLong("removed"));
    JsonObject json = new JsonObject();
    counts.asSnakeCaseMap().forEach(json::put);
    return json.put("total", counts.total());
  }
}
