package io.devicejobs.live.socket;

/** A client frame that cannot be served: answered with an error frame, and the socket stays open. */
final class ProtocolError extends RuntimeException {
  private final String code;

  ProtocolError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }

  static ProtocolError invalidField(String field, String message) {
    return new ProtocolError("invalid_field", field + ": " + message);
  }

  /** The client cannot catch up from the events: it must read the state over HTTP and subscribe afresh. */
  static ProtocolError reloadRequired(String why) {
    return new ProtocolError(
        "reload_required", why + "; reload the state over HTTP, then subscribe without since_seq");
  }
}
