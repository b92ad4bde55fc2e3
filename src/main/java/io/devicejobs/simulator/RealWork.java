package io.devicejobs.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.devicejobs.agent.Agent;
import io.devicejobs.agent.CloudApi;
import io.devicejobs.agent.Json;
import io.devicejobs.agent.LibraryHandlerResolver;
import io.devicejobs.agent.ReportBodies;
import io.devicejobs.agent.engine.JobEngine;
import io.devicejobs.agent.engine.JobResult;
import io.devicejobs.agent.engine.OutputLimits;
import io.devicejobs.agent.engine.ProgressListener;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs the job for real with the agent's {@link JobEngine}, on a small pool of worker threads (a job blocks
 * its thread while its processes run), handlers downloaded from the server as the agent does.
 */
final class RealWork implements SimulatedWork {

  private final WorkerExecutor workers;
  private final URI server;
  private final Path stateRoot;

  RealWork(WorkerExecutor workers, URI server, Path stateRoot) {
    this.workers = workers;
    this.server = server;
    this.stateRoot = stateRoot;
  }

  @Override
  public Future<JsonObject> perform(SimulatedDevice device, JsonObject job) {
    return workers.executeBlocking(
        () -> {
          Path deviceDir = Files.createDirectories(stateRoot.resolve(device.uuid().toString()));
          LibraryHandlerResolver handlers =
              new LibraryHandlerResolver(
                  new CloudApi(server, device.uuid(), device.token()),
                  deviceDir.resolve("handlers"));
          JobEngine engine =
              new JobEngine(
                  handlers,
                  OutputLimits.perStream(Agent.OUTPUT_BYTES_PER_STREAM),
                  ProgressListener.NONE,
                  Clock.systemUTC(),
                  deviceDir);
          JsonNode document = Json.MAPPER.readTree(job.getJsonObject("job_document").encode());
          Duration timeout = Duration.ofSeconds(job.getInteger("timeout_seconds"));
          JobResult result = engine.run(document, Instant.now().plus(timeout), timeout);
          return new JsonObject(ReportBodies.finished(result, Json.object(), 0).toString());
        },
        false);
  }
}
