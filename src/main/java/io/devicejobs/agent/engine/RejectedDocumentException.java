package io.devicejobs.agent.engine;

/** The job document is not one this engine can run; the message becomes the REJECTED reason. */
final class RejectedDocumentException extends Exception {

  private static final long serialVersionUID = 1L;

  RejectedDocumentException(String message) {
    super(message);
  }
}
