package io.devicejobs.jobs.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  private static void assertArguments(String command, String... expected) {
    CommandLine line = CommandLine.parse(command);
    assertTrue(line.isArgumentList(), () -> command + " should be an argument list");
    assertEquals(List.of(expected), line.arguments());
    assertNull(line.shellLine());
  }

  private static void assertShellLine(String command) {
    CommandLine line = CommandLine.parse(command);
    assertFalse(line.isArgumentList(), () -> command + " should be a shell line");
    assertEquals(command, line.shellLine());
    assertEquals(List.of("/bin/sh", "-c", command), line.arguments());
  }

  @Test
  void splitsOnCommas() {
    assertArguments("df,-h", "df", "-h");
    assertArguments("systemctl,restart,nginx", "systemctl", "restart", "nginx");
  }

  @Test
  void escapedCommaIsALiteralCommaInsideAnArgument() {
    assertArguments("echo,a\\,b", "echo", "a,b");
    assertArguments("\\,x,y", ",x", "y");
    assertArguments("echo,\\,", "echo", ",");
  }

  @Test
  void keepsEmptyArguments() {
    assertArguments("a,,b", "a", "", "b");
    assertArguments(",a", "", "a");
    assertArguments("a,", "a", "");
    assertArguments(",", "", "");
  }

  @Test
  void keepsOtherBackslashesLiterally() {
    assertArguments("printf,a\\nb", "printf", "a\\nb");
    assertArguments("echo,a\\", "echo", "a\\");
    assertArguments("echo,C:\\dir\\", "echo", "C:\\dir\\");
  }

  @Test
  void aBackslashBeforeAnEscapedCommaStaysABackslash() {
    // "\\," reads as a kept backslash followed by an
    // escaped comma, so it never separates arguments.
    assertArguments("echo,a\\\\,b", "echo", "a\\,b");
    assertShellLine("echo a\\\\,b");
  }

  @Test
  void withoutAnUnescapedCommaTheCommandIsAShellLine() {
    assertShellLine("docker ps | grep x");
    assertShellLine("free");
    assertShellLine("echo a\\,b");
    assertShellLine("ls\\");
    assertShellLine("");
  }

  @Test
  void handlesUnicode() {
    assertArguments("echo,héllo,日本語,😀", "echo", "héllo", "日本語", "😀");
    assertArguments("echo,😀\\,😀", "echo", "😀,😀");
    assertShellLine("echo 😀 | wc -c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a,b", "sh -c 'x'"})
  void argumentsAreImmutable(String command) {
    List<String> arguments = CommandLine.parse(command).arguments();
    assertThrows(UnsupportedOperationException.class, () -> arguments.add("x"));
  }

  @Test
  void equalCommandsParseEqually() {
    assertEquals(CommandLine.parse("a,b"), CommandLine.parse("a,b"));
    assertEquals(CommandLine.parse("a,b").hashCode(), CommandLine.parse("a,b").hashCode());
    assertFalse(CommandLine.parse("a b").equals(CommandLine.parse("a,b")));
  }

  @Test
  void rejectsNull() {
    assertThrows(NullPointerException.class, () -> CommandLine.parse(null));
  }
}
