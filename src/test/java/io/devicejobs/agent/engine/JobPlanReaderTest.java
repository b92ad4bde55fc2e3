package io.devicejobs.agent.engine;

import static io.devicejobs.agent.engine.TestDocuments.command;
import static io.devicejobs.agent.engine.TestDocuments.document;
import static io.devicejobs.agent.engine.TestDocuments.handler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devicejobs.jobs.document.CommandLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobPlanReaderTest {

  @Test
  void readsEveryPartOfAStep() throws Exception {
    ObjectNode first = command("Check", "systemctl,is-active,nginx");
    first.put("runAsUser", "deploy").put("ignoreStepFailure", true).put("allowStdErr", 2);
    ObjectNode document = document(true, first, handler("Deploy", "deploy.sh", "a b", ""));
    ((ObjectNode) document.get("steps").get(1).get("input")).put("path", "/opt/handlers");
    document.set("finalStep", command("Report", "echo done"));

    JobPlan plan = JobPlanReader.read(document);

    assertTrue(plan.includeStdOut());
    PlannedStep check = plan.steps().get(0);
    assertEquals("Check", check.name());
    assertEquals(
        new StepAction.RunCommand(CommandLine.parse("systemctl,is-active,nginx")), check.action());
    assertEquals("deploy", check.runAsUser());
    assertTrue(check.ignoreFailure());
    assertEquals(2, check.allowedStdErrLines());
    PlannedStep deploy = plan.steps().get(1);
    assertEquals(
        new StepAction.RunHandler("deploy.sh", List.of("a b", ""), "/opt/handlers"),
        deploy.action());
    assertNull(deploy.runAsUser());
    assertFalse(deploy.ignoreFailure());
    assertNull(deploy.allowedStdErrLines());
    assertEquals("Report", plan.finalStep().name());
    assertEquals(
        List.of("Check", "Deploy", "Report"),
        plan.executionOrder().stream().map(PlannedStep::name).toList());
  }

  @Test
  void fillsInTheDefaultsOfTheFormat() throws Exception {
    JobPlan plan =
        JobPlanReader.read(
            json(
                """
        {"version": "1.0", "steps": [{"type": "runCommand", "input": {"command": "true"}}],
         "finalStep": {"type": "runHandler", "input": {"handler": "h"}, "ignoreStepFailure": "true"}}"""));
    assertFalse(plan.includeStdOut());
    assertEquals("step-1", plan.steps().get(0).name());
    assertEquals("final-step", plan.finalStep().name());
    assertEquals(new StepAction.RunHandler("h", List.of(), null), plan.finalStep().action());
    assertTrue(plan.finalStep().ignoreFailure());
  }

  @Test
  void rejectsAnotherVersion() {
    assertRejected(
        "unsupported job document version \"2.0\" (supported: \"1.0\")",
        document(false, command("a", "true")).put("version", "2.0"));
    assertRejected(
        "unsupported job document version 1.0 (supported: \"1.0\")",
        document(false, command("a", "true")).put("version", 1.0));
    ObjectNode noVersion = document(false, command("a", "true"));
    noVersion.remove("version");
    assertRejected("unsupported job document version (missing) (supported: \"1.0\")", noVersion);
  }

  @Test
  void rejectsAnUnknownStepTypeAnywhere() {
    ObjectNode unknown = command("Later", "true").put("type", "runScript");
    assertRejected(
        "step \"Later\" has unknown type \"runScript\" (supported: \"runCommand\", \"runHandler\")",
        document(false, command("a", "true"), unknown));
    ObjectNode document = document(false, command("a", "true"));
    document.set("finalStep", command("Final", "true").put("type", "reboot"));
    assertRejected(
        "step \"Final\" has unknown type \"reboot\" (supported: \"runCommand\", \"runHandler\")",
        document);
  }

  @Test
  void rejectsWhatCannotBeRun() {
    assertRejected("the job document is not a JSON object", json("[]"));
    assertRejected("the job document has no steps", document(false));
    assertRejected("step \"a\" has no command", document(false, command("a", " ")));
    assertRejected(
        "step \"a\": args must be an array of strings",
        json(
            """
        {"version": "1.0", "steps": [{"name": "a", "type": "runHandler", "input": {"handler": "h", "args": [1]}}]}
        """));
    assertRejected(
        "step \"a\": allowStdErr must be an integer >= 0",
        document(false, command("a", "true").put("allowStdErr", -1)));
    assertRejected(
        "step \"a\" ignoreStepFailure must be a boolean",
        document(false, command("a", "true").put("ignoreStepFailure", "yes")));
  }

  private static void assertRejected(String reason, JsonNode document) {
    RejectedDocumentException e =
        assertThrows(RejectedDocumentException.class, () -> JobPlanReader.read(document));
    assertEquals(reason, e.getMessage());
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
