package io.devicejobs.cli;

/**
 * A setting that cannot work (a bad value, two settings that exclude each other, an unreadable secret file): the
 * command stops before doing anything, with this one-line message and exit status 2.
 */
public class ConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
