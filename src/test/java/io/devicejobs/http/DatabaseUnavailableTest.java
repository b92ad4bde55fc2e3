package io.devicejobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {
  private static PgException state(String sqlState) {
    return new PgException("message", "FATAL", sqlState, null);
  }

  @Test
  void connectionAndResourceStatesAnswer503WithRetryAfter() {
    for (String sqlState :
        new String[] {"08000", "08003", "08006", "57P01", "57P02", "57P03", "53300", "53100"}) {
      ApiError error = ErrorResponder.toApiError(state(sqlState), 0);
      assertEquals(503, error.status(), sqlState);
      assertEquals("service_unavailable", error.code(), sqlState);
      assertEquals(2, error.retryAfterSeconds(), sqlState);
    }
  }

  @Test
  void constraintAndOtherStatesKeepTheirAnswers() {
    assertEquals(409, ErrorResponder.toApiError(state("23505"), 0).status());
    assertEquals(400, ErrorResponder.toApiError(state("22P02"), 0).status());
    ApiError other = ErrorResponder.toApiError(state("57014"), 0); // query canceled
    assertEquals(500, other.status());
    assertNull(other.retryAfterSeconds());
    assertEquals(500, ErrorResponder.toApiError(state("42P01"), 0).status());
    assertFalse(DatabaseUnavailable.is(state(null)));
  }

  @Test
  void theClientsOwnFailuresForALostConnectionOrPoolAnswer503() {
    assertUnavailable(ClosedConnectionException.INSTANCE);
    // What Netty's connect failure (AnnotatedConnectException) extends.
    assertUnavailable(new ConnectException("Connection refused: localhost/127.0.0.1:5432"));
    assertUnavailable(new VertxException("Connection was closed", true));
    assertUnavailable(
        new VertxException(
            "Pending requests failed to be sent due to connection has been closed."));
    assertUnavailable(new VertxException("Pool closed"));
    assertUnavailable(new VertxException("Connection is not active now, current status: CLOSED"));
    assertUnavailable(new IOException("recvAddress(..) failed: Connection reset by peer"));
  }

  @Test
  void aWrappedCauseCountsAndUnrelatedFailuresDoNot() {
    assertUnavailable(new HttpException(500, new ConnectException("Connection refused")));
    assertUnavailable(new VertxException("outer", new VertxException("Pool closed")));
    assertEquals(500, ErrorResponder.toApiError(new VertxException("something else"), 0).status());
    assertEquals(500, ErrorResponder.toApiError(new IOException("disk full"), 0).status());
    assertEquals(500, ErrorResponder.toApiError(new IllegalStateException("bug"), 0).status());
  }

  private static void assertUnavailable(Throwable failure) {
    assertTrue(DatabaseUnavailable.is(failure), failure::toString);
    ApiError error = ErrorResponder.toApiError(failure, 0);
    assertEquals(503, error.status(), failure::toString);
    assertEquals("service_unavailable", error.code());
  }
}
