package io.devicejobs.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id: the caller's X-Request-Id when it is sane, otherwise a new one; echoed in the
 * response header, in error bodies and in the request log. One per API verticle (event loop): making an id is a
 * counter increment and a short string, cheap enough for the poll path.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";

  /** Where the id is kept in the routing context, and its field in JSON log lines. */
  public static final String KEY = "request_id";

  private static final int MAX_LENGTH = 64;
  private static final Logger REQUEST_LOG = LoggerFactory.getLogger("io.devicejobs.requests");

  private final String prefix =
      Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "-";
  private long next;

  /** The first handler of the root router. */
  public void assign(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = isSane(given) ? given : prefix + Long.toHexString(++next);
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    if (REQUEST_LOG.isDebugEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(
          done ->
              REQUEST_LOG
                  .atDebug()
                  .addKeyValue(KEY, id)
                  .log(
                      "request: {} {} {} {}ms request_id={}",
                      ctx.request().method(),
                      ctx.normalizedPath(),
                      ctx.response().getStatusCode(),
                      (System.nanoTime() - start) / 1_000_000,
                      id));
    }
    ctx.next();
  }

  /** The id given to this request, or null outside the router. */
  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** Letters, digits and {@code . _ : -}, 1 to 64 of them: nothing that could split a header or a log line. */
  static boolean isSane(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
