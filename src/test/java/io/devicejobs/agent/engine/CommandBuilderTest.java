package io.devicejobs.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.devicejobs.jobs.document.CommandLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandBuilderTest {

  private final List<String> resolved = new ArrayList<>();
  private final CommandBuilder builder =
      new CommandBuilder(
          (name, path) -> {
            resolved.add(name + "@" + path);
            return Path.of("/opt/handlers", name);
          },
          "agent");

  @Test
  void anArgumentListRunsDirectly() throws Exception {
    assertEquals(List.of("echo", "hello world"), builder.argv(command("echo,hello world", null)));
    assertEquals(List.of("echo", "a,b"), builder.argv(command("echo,a\\,b", null)));
  }

  @Test
  void aShellLineRunsThroughSh() throws Exception {
    assertEquals(
        List.of("/bin/sh", "-c", "echo hi | tr a-z A-Z"),
        builder.argv(command("echo hi | tr a-z A-Z", null)));
  }

  @Test
  void aHandlerGetsExactlyItsArgs() throws Exception {
    PlannedStep step =
        step(new StepAction.RunHandler("deploy", List.of("a b", "", "$HOME"), "/custom"), null);
    assertEquals(List.of("/opt/handlers/deploy", "a b", "", "$HOME"), builder.argv(step));
    assertEquals(List.of("deploy@/custom"), resolved);
  }

  @Test
  void anotherUserRunsThroughSudo() throws Exception {
    assertEquals(
        List.of("sudo", "-n", "-u", "deploy", "--", "systemctl", "restart", "nginx"),
        builder.argv(command("systemctl,restart,nginx", "deploy")));
    assertEquals(
        List.of("sudo", "-n", "-u", "deploy", "--", "/bin/sh", "-c", "id -un"),
        builder.argv(command("id -un", "deploy")));
    PlannedStep handler = step(new StepAction.RunHandler("h", List.of("x"), null), "deploy");
    assertEquals(
        List.of("sudo", "-n", "-u", "deploy", "--", "/opt/handlers/h", "x"), builder.argv(handler));
  }

  @Test
  void theCurrentUserRunsWithoutSudo() throws Exception {
    assertEquals(List.of("echo", "hi"), builder.argv(command("echo,hi", "agent")));
  }

  @Test
  void anUnavailableHandlerIsReported() {
    CommandBuilder missing =
        new CommandBuilder(
            (name, path) -> {
              throw new HandlerUnavailableException("handler \"" + name + "\" not found");
            },
            "agent");
    PlannedStep step = step(new StepAction.RunHandler("gone", List.of(), null), null);
    HandlerUnavailableException e =
        assertThrows(HandlerUnavailableException.class, () -> missing.argv(step));
    assertEquals("handler \"gone\" not found", e.getMessage());
  }

  @Test
  void aResolverMayPutAnInterpreterBeforeTheScript() throws Exception {
    HandlerResolver withInterpreter =
        new HandlerResolver() {
          @Override
          public Path resolve(String handlerName, String pathOverride) {
            return Path.of("/cache", handlerName);
          }

          @Override
          public List<String> command(String handlerName, String pathOverride) {
            return List.of("/bin/sh", resolve(handlerName, pathOverride).toString());
          }
        };
    PlannedStep step = step(new StepAction.RunHandler("plain", List.of("a"), null), null);

    assertEquals(
        List.of("/bin/sh", "/cache/plain", "a"),
        new CommandBuilder(withInterpreter, "agent").argv(step));
  }

  private static PlannedStep command(String command, String runAsUser) {
    return step(new StepAction.RunCommand(CommandLine.parse(command)), runAsUser);
  }

  private static PlannedStep step(StepAction action, String runAsUser) {
    return new PlannedStep("s", action, runAsUser, false, null);
  }
}
