package io.devicejobs.agent.engine;

/** The script of a runHandler step cannot be used; the message says why, for the job's reason. */
public class HandlerUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  public HandlerUnavailableException(String message) {
    super(message);
  }

  public HandlerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
