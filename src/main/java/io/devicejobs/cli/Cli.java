package io.devicejobs.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The rules every command of server and agent follows (the agent's own jar will use them too):
 *
 * <ul>
 *   <li>exit status 0 when done (and for {@code --help} and {@code --version});
 *   <li>1 for an {@link ExpectedFailure} (database in use, port taken, database unreachable): one line on stderr;
 *   <li>2 for a usage error (unknown option or command, missing value) or a {@link ConfigurationException}: one
 *       line on stderr (usage errors add a hint to {@code --help});
 *   <li>anything else is a fault: its stack trace and status 1.
 * </ul>
 *
 * A flag given twice keeps its last value, as the earlier hand-written parsers did.
 */
public final class Cli {
  public static final int FAILED = 1;
  public static final int USAGE = CommandLine.ExitCode.USAGE;
  private static final int USAGE_WIDTH = 110;

  private Cli() {}

  /** Checks the logging variables before anything logs, then parses and runs the command. */
  public static int execute(CommandLine line, String[] args, Map<String, String> env) {
    try {
      LogVariables.check(new Environment(env));
    } catch (ConfigurationException e) {
      System.err.println("configuration error: " + e.getMessage());
      return USAGE;
    }
    return line.execute(args);
  }

  /** A command (with its subcommands) under these rules. */
  public static CommandLine commandLine(Object command) {
    return configure(new CommandLine(command));
  }

  /** Applies the rules to a command line and every subcommand it has now: call it once they are all added. */
  public static CommandLine configure(CommandLine line) {
    line.setOverwrittenOptionsAllowed(true);
    // Wide enough that URLs in option descriptions are not broken in two.
    line.setUsageHelpWidth(USAGE_WIDTH);
    line.setParameterExceptionHandler(Cli::usageError);
    line.setExecutionExceptionHandler((e, failed, parsed) -> failure(e, failed.getErr()));
    return line;
  }

  /** Parses without running: the command object then holds the options (tests, and the agent's own config). */
  public static <T> T parse(T command, List<String> args) {
    commandLine(command).parseArgs(args.toArray(String[]::new));
    return command;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine failed = e.getCommandLine();
    PrintWriter err = failed.getErr();
    err.println(failed.getColorScheme().errorText(e.getMessage()));
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println(
        "Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return USAGE;
  }

  private static int failure(Exception e, PrintWriter err) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigurationException) {
        err.println("configuration error: " + cause.getMessage());
        err.flush();
        return USAGE;
      }
      if (cause instanceof ExpectedFailure) {
        err.println("device-jobs: " + cause.getMessage());
        err.flush();
        return FAILED;
      }
    }
    e.printStackTrace(err);
    err.flush();
    return FAILED;
  }
}
