package io.devicejobs;

import io.devicejobs.agent.AgentCommand;
import io.devicejobs.config.AppConfig;
import io.devicejobs.db.Database;
import io.devicejobs.ops.HealthProbe;
import io.devicejobs.simulator.Simulator;
import io.devicejobs.simulator.SimulatorOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Command-line entry point: {@code java -jar device-jobs.jar [serve|migrate|health|agent|simulate|help]}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    String command = args.length == 0 ? "serve" : args[0];
    List<String> options =
        args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
    try {
      AppConfig.LogFormat.of(System.getenv());
      switch (command) {
        case "serve" -> serve(options);
        case "agent" -> AgentCommand.run(options, System.getenv());
        case "simulate" -> Simulator.run(SimulatorOptions.parse(options, System.getenv()));
        case "migrate" -> migrate();
        case "health" ->
            System.exit(HealthProbe.probe(HealthProbe.target(options, System.getenv())));
        case "help", "--help", "-h" -> usage(0);
        default -> {
          System.err.println("unknown command: " + command);
          usage(2);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void serve(List<String> options) throws Exception {
    boolean demo = options.equals(List.of("--demo"));
    if (!demo && !options.isEmpty()) {
      throw new IllegalArgumentException(
          "serve takes no option but --demo, not " + String.join(" ", options));
    }
    AppConfig config = AppConfig.fromEnvironment();
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
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("could not stop cleanly: " + e);
    }
  }

  private static void migrate() throws Exception {
    try (Database ignored = Database.prepare(AppConfig.fromEnvironment())) {
      System.out.println("migrations applied");
    }
  }

  private static void usage(int status) {
    System.out.println(
        """
        usage: java -jar device-jobs.jar [command]

        commands:
          serve     run the server (default); configured by environment variables, see README.md
                    --demo: also run 5 simulated devices in group "demo", with a first job for them
          migrate   apply database migrations and exit
          health    exit 0 if the server on this host (PORT) is ready, else 1; --url URL for another one
          agent     run the device agent (see docs/agent.md)
          simulate  run a fleet of simulated devices against a server (see docs/agent.md)
          help      show this text
        """
            + "\n"
            + AgentCommand.USAGE
            + "\n"
            + SimulatorOptions.USAGE);
    System.exit(status);
  }
}
