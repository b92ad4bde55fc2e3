package io.devicejobs.http;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Recognises failures that mean "the database cannot be reached right now" rather than "this request is wrong":
 * they answer 503 so that clients retry, instead of a 500 that reads as a bug.
 */
final class DatabaseUnavailable {
  /**
   * What the 5.0 clients fail with when the connection or pool goes away, with no type of their own: the
   * socket's close, requests queued on a closing connection, and an acquire on a closed pool.
   */
  private static final Set<String> CLOSED_MESSAGES =
      Set.of(
          "Connection was closed",
          "Pending requests failed to be sent due to connection has been closed.",
          "Pool closed");

  /** A request written to a connection the client has already closed; the message ends with the status. */
  private static final String INACTIVE_PREFIX = "Connection is not active now";

  private static final int MAX_CAUSES = 8;

  private DatabaseUnavailable() {}

  static boolean is(Throwable failure) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSES; depth++) {
      if (itself(current)) {
        return true;
      }
      if (current.getCause() == current) {
        break;
      }
      current = current.getCause();
    }
    return false;
  }

  private static boolean itself(Throwable failure) {
    if (failure instanceof PgException pg) {
      return unavailableState(pg.getSqlState());
    }
    if (failure instanceof ClosedConnectionException
        || failure instanceof ConnectException
        || failure instanceof ClosedChannelException) {
      return true;
    }
    if (failure instanceof VertxException && closedMessage(failure.getMessage())) {
      return true;
    }
    // A reset arrives as the transport's own IOException (Netty's native one on Linux).
    return failure instanceof IOException
        && failure.getMessage() != null
        && failure.getMessage().contains("Connection reset");
  }

  private static boolean closedMessage(String message) {
    return message != null
        && (CLOSED_MESSAGES.contains(message) || message.startsWith(INACTIVE_PREFIX));
  }

  /**
   * SQLSTATE class 08 (connection exception), 57P01–57P03 (terminated by an administrator, crash shutdown, cannot
   * connect now: starting up or shutting down) and class 53 (insufficient resources, such as too many clients).
   */
  static boolean unavailableState(String state) {
    if (state == null) {
      return false;
    }
    return state.startsWith("08")
        || state.startsWith("53")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }
}
