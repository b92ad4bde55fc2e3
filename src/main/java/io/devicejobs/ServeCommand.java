package io.devicejobs;

import io.devicejobs.cli.BuildInfo;
import io.devicejobs.config.AppConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve [--demo]}: runs the server until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = {
      "Run the server (the default command), configured by environment variables: docs/configuration.md."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--demo",
      description = "also run 5 simulated devices in group \"demo\", with a first job for them")
  boolean demo;

  private final Map<String, String> env;

  public ServeCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    AppConfig config = AppConfig.from(env);
    DeviceJobsServer server = DeviceJobsServer.start(config);
    AutoCloseable demoFleet = demo ? DemoBesideServer.startBeside(config, server.port()) : () -> {};
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C run the hooks: stop accepting,
    // finish in-flight requests, close the pool and database.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  closeQuietly(demoFleet);
                  server.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("could not stop cleanly: " + e);
    }
  }
}
