package io.devicejobs.portal;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;

/**
 * The API documentation at {@code /api-docs/}: Swagger UI (the {@code org.webjars:swagger-ui} jar) on the
 * contract served at {@code /openapi.json}. Our own page and initializer script ({@code api-docs/} on the class
 * path) load the two files of Swagger UI they need; nothing else of the web jar is served.
 */
public final class ApiDocs {
  public static final String PATH = "/api-docs/";

  /**
   * The portal's own policy, unrelaxed: Swagger UI 5 sets its styles through the DOM, which a policy without
   * {@code 'unsafe-inline'} allows (ApiDocsBrowserTest fails on any violation Chromium reports).
   */
  static final String CONTENT_SECURITY_POLICY = Portal.CONTENT_SECURITY_POLICY;

  private static final String WEB_JAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String WEB_JAR_PROPERTIES =
      "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final Set<String> SWAGGER_UI_FILES =
      Set.of("swagger-ui-bundle.js", "swagger-ui.css");

  private ApiDocs() {}

  /** Mount before the portal, which would otherwise answer these paths with its 404. */
  public static void mount(Router root) {
    StaticHandler page =
        StaticHandler.create("api-docs")
            .setIndexPage("index.html")
            .setDirectoryListing(false)
            .setIncludeHidden(false);
    StaticHandler swaggerUi =
        StaticHandler.create(WEB_JAR + swaggerUiVersion())
            .setDirectoryListing(false)
            .setIncludeHidden(false);
    // A plain path would match with the slash too.
    root.getWithRegex("^/api-docs$").handler(ctx -> ctx.redirect("api-docs/"));
    root.get(PATH + "swagger-ui/*")
        .handler(
            ctx -> {
              if (SWAGGER_UI_FILES.contains(ctx.pathParam("*"))) {
                serve(ctx, swaggerUi);
              } else {
                ctx.next();
              }
            });
    root.get(PATH + "*").handler(ctx -> serve(ctx, page));
  }

  private static void serve(RoutingContext ctx, StaticHandler files) {
    Portal.withHeaders(ctx, CONTENT_SECURITY_POLICY);
    files.handle(ctx);
  }

  /** The web jar keeps its files under its version; its Maven properties say which. */
  static String swaggerUiVersion() {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(WEB_JAR_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException("Swagger UI is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
