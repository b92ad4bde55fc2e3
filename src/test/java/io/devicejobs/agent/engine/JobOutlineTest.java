package io.devicejobs.agent.engine;

import static io.devicejobs.agent.engine.TestDocuments.command;
import static io.devicejobs.agent.engine.TestDocuments.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobOutlineTest {

  @Test
  void theStepsAreNamedInTheOrderTheyRunWithTheFinalStepLast() {
    ObjectNode unnamed = command("x", "true");
    unnamed.remove("name");
    ObjectNode document = document(false, command("Backup", "true"), unnamed);
    document.set("finalStep", command("Restart", "true"));

    JobOutline outline = JobEngine.outline(document);

    assertFalse(outline.isRejected());
    assertEquals(List.of("Backup", "step-2", "Restart"), outline.steps());
  }

  @Test
  void aDocumentTheEngineCannotRunIsRejectedWithTheReasonRunWouldGive() {
    ObjectNode document = document(false, command("Backup", "true"));
    document.put("version", "2.0");

    JobOutline outline = JobEngine.outline(document);

    assertTrue(outline.isRejected());
    assertEquals(List.of(), outline.steps());
    assertEquals(
        new JobEngine(new DirectoryHandlerResolver(Path.of("/nonexistent")))
            .run(document, Instant.now().plusSeconds(5))
            .reason(),
        outline.rejection());
  }
}
