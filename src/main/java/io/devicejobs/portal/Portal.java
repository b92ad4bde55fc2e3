package io.devicejobs.portal;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.regex.Pattern;

/**
 * The operator portal: static files from the jar ({@code portal/} on the class path), served at {@code /}. It is a
 * client of the public API and the live-status WebSocket like any other; nothing here reads the database.
 */
public final class Portal {
  /**
   * Scripts, styles and connections only from this origin (CSP 3 lets 'self' cover ws:/wss: to it), no inline
   * script or style, no plugins, and never inside a frame.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; "
          + "img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
          + "form-action 'none'; frame-ancestors 'none'; object-src 'none'";

  private Portal() {}

  /**
   * Mount after the API and the other root endpoints, so that the paths they serve never reach the portal. Paths
   * under the API base are left alone entirely (its sub-router's 404 and 405 answers stay as they are).
   */
  public static void mount(Router root, String apiBase) {
    StaticHandler files =
        StaticHandler.create("portal")
            .setIndexPage("index.html")
            .setDirectoryListing(false)
            .setIncludeHidden(false);
    // Every method matches (then passes on), so that a POST to an unknown path stays a 404, not a
    // 405.
    root.routeWithRegex("^(?!" + Pattern.quote(apiBase) + "(/|$)).*")
        .handler(
            ctx -> {
              HttpMethod method = ctx.request().method();
              if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
                withHeaders(ctx, CONTENT_SECURITY_POLICY);
                files.handle(ctx);
              } else {
                ctx.next();
              }
            });
  }

  /** The headers of every file of the portal and of the API docs page, with its own policy. */
  static void withHeaders(RoutingContext ctx, String contentSecurityPolicy) {
    // The file names carry no version, so a browser must revalidate (a cheap 304 thanks to
    // Last-Modified) rather
    // than keep yesterday's script for a day after an upgrade.
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", "no-cache"));
    ctx.response()
        .putHeader("Content-Security-Policy", contentSecurityPolicy)
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  }
}
