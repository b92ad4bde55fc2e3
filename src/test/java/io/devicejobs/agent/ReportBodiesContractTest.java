package io.devicejobs.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.agent.engine.JobOutcome;
import io.devicejobs.agent.engine.JobResult;
import io.devicejobs.testing.ContractSchemas;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every kind of report the agent sends passes the contract's strict StatusReport schema. */
class ReportBodiesContractTest {
  private final ContractSchemas contract = new ContractSchemas();

  @Test
  void everyReportTheAgentBuildsHasOnlyContractFields() {
    ObjectNode progress = Json.object();
    progress.put("step", "install");
    JobResult failed =
        new JobResult(JobOutcome.FAILED, true, 1, "out", "err", false, true, 2, "install", "boom");
    JobResult succeeded =
        new JobResult(JobOutcome.SUCCEEDED, false, 0, null, "", false, false, 3, null, null);
    List<ObjectNode> reports =
        List.of(
            ReportBodies.started(progress, 1),
            ReportBodies.heartbeat(progress, 2),
            ReportBodies.finished(failed, progress, 3),
            ReportBodies.finished(succeeded, progress, 3),
            ReportBodies.rejected("cannot run it", 1),
            ReportBodies.restartedMidJob(
                new JournalEntry(UUID.randomUUID(), 1, "job", Instant.now()), 2));
    for (ObjectNode report : reports) {
      OutputUnit result = contract.validate("StatusReport", new JsonObject(report.toString()));
      assertTrue(result.getValid(), () -> report + " fails the contract: " + result.getErrors());
    }
  }
}
