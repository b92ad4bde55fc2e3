package io.devicejobs.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's thread count as the kernel sees it (every thread, not only Java's), for the summary. */
final class ThreadCount {

  private ThreadCount() {}

  static int now() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring("Threads:".length()).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // No /proc: fall back to what the JVM knows.
    }
    return Thread.activeCount();
  }
}
