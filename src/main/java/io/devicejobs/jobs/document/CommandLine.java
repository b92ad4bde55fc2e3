package io.devicejobs.jobs.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code command} of a runCommand step, classified the way the device runs it.
 *
 * <p>A command with an unescaped comma is an argument list, executed directly without a shell:
 * {@code systemctl,restart,nginx}. Inside it {@code \,} stands for a literal comma; every other backslash is
 * kept as it is. A command without an unescaped comma is one shell line, run as {@code /bin/sh -c <line>}
 * exactly as written.
 */
public final class CommandLine {

  private static final List<String> SHELL = List.of("/bin/sh", "-c");

  private final List<String> arguments;
  private final String shellLine;

  private CommandLine(List<String> arguments, String shellLine) {
    this.arguments = arguments;
    this.shellLine = shellLine;
  }

  public static CommandLine parse(String command) {
    Objects.requireNonNull(command, "command");
    List<String> split = splitOnUnescapedCommas(command);
    if (split.size() > 1) {
      return new CommandLine(List.copyOf(split), null);
    }
    // A shell line is passed on untouched: "\," means whatever the shell makes of it.
    List<String> shell = new ArrayList<>(SHELL);
    shell.add(command);
    return new CommandLine(List.copyOf(shell), command);
  }

  public boolean isArgumentList() {
    return shellLine == null;
  }

  /** The argv the device executes: the split arguments, or {@code /bin/sh -c <line>} for a shell line. */
  public List<String> arguments() {
    return arguments;
  }

  /** The line handed to {@code /bin/sh -c}, or null for an argument list. */
  public String shellLine() {
    return shellLine;
  }

  private static List<String> splitOnUnescapedCommas(String command) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      boolean escapedComma = c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == ',';
      if (escapedComma) {
        current.append(',');
        i++;
      } else if (c == ',') {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CommandLine that
        && arguments.equals(that.arguments)
        && Objects.equals(shellLine, that.shellLine);
  }

  @Override
  public int hashCode() {
    return arguments.hashCode();
  }

  @Override
  public String toString() {
    return isArgumentList() ? "CommandLine" + arguments : "CommandLine[sh -c " + shellLine + "]";
  }
}
