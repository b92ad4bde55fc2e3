package io.devicejobs;

import io.devicejobs.config.AppConfig;
import io.devicejobs.db.Database;
import java.util.concurrent.CountDownLatch;

/** Command-line entry point: {@code java -jar device-jobs.jar [serve|migrate|help]}. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    String command = args.length == 0 ? "serve" : args[0];
    try {
      switch (command) {
        case "serve" -> serve();
        case "migrate" -> migrate();
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

  private static void serve() throws Exception {
    DeviceJobsServer server = DeviceJobsServer.start(AppConfig.fromEnvironment());
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C run the hooks: stop accepting, finish in-flight requests, close the pool and database.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  private static void migrate() throws Exception {
    try (Database ignored = Database.prepare(AppConfig.fromEnvironment())) {
      System.out.println("migrations applied");
    }
  }

  private static void usage(int status) {
    System.out.println("""
        usage: java -jar device-jobs.jar [command]

        commands:
          serve     run the server (default); configured by environment variables, see README.md
          migrate   apply database migrations and exit
          help      show this text
        """);
    System.exit(status);
  }
}
