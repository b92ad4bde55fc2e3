package io.devicejobs.cli;

/**
 * A failure with a known cause that the operator can fix (the database is in use, the port is taken, the database
 * cannot be reached or its certificate does not match): reported as this one line, without a stack trace, with
 * exit status 1.
 */
public class ExpectedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExpectedFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
