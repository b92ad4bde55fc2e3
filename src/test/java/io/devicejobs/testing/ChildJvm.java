package io.devicejobs.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What tests need to start the server, or its database, in a process of its own. */
public final class ChildJvm {
  private ChildJvm() {}

  /** The java binary of the JVM running the tests. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Surefire sets java.class.path to the real test classpath (its booter jar is in surefire.real.class.path), with
   * a trailing separator: an empty entry, which means the working directory, is dropped.
   */
  public static String classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** A loopback port free at the time of the call. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
