package io.devicejobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code version}: the line that {@code --version} prints. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Print the version, commit and build date.")
public final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(BuildInfo.line());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
