package io.devicejobs.jobs;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per job lifecycle event, logged by the instance that made the change after its commit: created,
 * canceled, executions timed out, finished. Names hold no control characters (Text.name), so they cannot forge
 * lines; ids and counts are plain values.
 */
public final class JobLifecycleLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.devicejobs.jobs.lifecycle");

  /** The structured field (LOG_FORMAT=json) beside the text's {@code job_id=}. */
  private static final String JOB_ID = "job_id";

  private JobLifecycleLog() {}

  public static void created(NewJob job, int devices) {
    LOG.atInfo()
        .addKeyValue(JOB_ID, job.jobId())
        .log(
            "job created: job_id={} name=\"{}\" template=\"{}\" devices={} created_by={}",
            job.jobId(),
            job.jobName(),
            job.templateName() == null ? "inline" : job.templateName(),
            devices,
            job.createdBy());
  }

  public static void canceled(UUID jobId, boolean force, int executions) {
    LOG.atInfo()
        .addKeyValue(JOB_ID, jobId)
        .log("job canceled: job_id={} force={} executions_canceled={}", jobId, force, executions);
  }

  public static void timedOut(UUID jobId, long executions) {
    LOG.atInfo()
        .addKeyValue(JOB_ID, jobId)
        .log("executions timed out: job_id={} executions={}", jobId, executions);
  }

  /** Jobs with nothing queued or in progress any more (rows of {@code job_summaries}). */
  public static void finished(List<JsonObject> jobs) {
    for (JsonObject job : jobs) {
      LOG.atInfo()
          .addKeyValue(JOB_ID, job.getString("job_id"))
          .log(
              "job finished: job_id={} status={} succeeded={} failed={} timed_out={} rejected={} removed={}",
              job.getString("job_id"),
              job.getString("status"),
              job.getLong("succeeded"),
              job.getLong("failed"),
              job.getLong("timed_out"),
              job.getLong("rejected"),
              job.getLong("removed"));
    }
  }
}
