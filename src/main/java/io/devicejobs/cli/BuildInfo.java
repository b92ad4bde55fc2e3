package io.devicejobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} and {@code version} print: {@code device-jobs <version> (<commit>, <build date>)}, from
 * build.properties, which the build fills in. A build without git (a source archive) says "unknown" for the commit.
 */
public final class BuildInfo implements IVersionProvider {
  private static final String RESOURCE = "/io/devicejobs/cli/build.properties";

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }

  public static String line() {
    Properties build = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "device-jobs "
        + value(build, "version")
        + " ("
        + value(build, "commit")
        + ", "
        + value(build, "date")
        + ")";
  }

  /** A value the build did not fill in (run from an IDE's own build) is "unknown" too. */
  private static String value(Properties build, String key) {
    String value = build.getProperty(key, "");
    return value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }
}
