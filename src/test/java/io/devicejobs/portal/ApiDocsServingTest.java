package io.devicejobs.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ContractSchemas;
import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /api-docs/} serves our page and two files of Swagger UI under the portal's strict policy (no inline
 * script or style); the contract is served as JSON beside the YAML.
 */
class ApiDocsServingTest extends ServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theApiDocsAndThePortalHaveTheSameStrictPolicy() throws Exception {
    String strict =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'; object-src 'none'";
    for (String path :
        new String[] {
          "/",
          "/js/app.js",
          "/api-docs/",
          "/api-docs/initializer.js",
          "/api-docs/swagger-ui/swagger-ui-bundle.js",
          "/api-docs/swagger-ui/swagger-ui.css"
        }) {
      assertEquals(strict, policyOf(path), path);
    }
  }

  @Test
  void thePageLoadsItsScriptsFromFilesAndOnlyTheFilesItNeedsAreServed() throws Exception {
    HttpResponse<String> page = get("/api-docs/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertFalse(
        Pattern.compile("<script(?![^>]*\\bsrc=)|\\sstyle=|\\son[a-z]+=")
            .matcher(page.body())
            .find(),
        "inline script or style in " + page.body());
    assertTrue(page.body().contains("<script src=\"initializer.js\"></script>"), page.body());
    assertEquals(
        Files.readString(Path.of("src/main/resources/api-docs/initializer.js")),
        get("/api-docs/initializer.js").body());
    HttpResponse<String> bundle = get("/api-docs/swagger-ui/swagger-ui-bundle.js");
    assertEquals(200, bundle.statusCode());
    assertTrue(bundle.headers().firstValue("Content-Type").orElse("").contains("javascript"));
    assertTrue(bundle.body().contains("SwaggerUIBundle"));
    assertEquals(200, get("/api-docs/swagger-ui/swagger-ui.css").statusCode());
    // The web jar's own page (which would load a demo contract from the internet) is not served.
    assertEquals(404, get("/api-docs/swagger-ui/index.html").statusCode());
    assertEquals(404, get("/api-docs/swagger-ui/swagger-initializer.js").statusCode());
    assertEquals(404, get("/api-docs/no-such-file.js").statusCode());

    HttpResponse<String> bare = get("/api-docs");
    assertEquals(302, bare.statusCode());
    assertEquals("api-docs/", bare.headers().firstValue("Location").orElse(null));
  }

  @Test
  void theContractIsServedAsJsonBesideTheYaml() throws Exception {
    HttpResponse<String> json = get("/openapi.json");
    assertEquals(200, json.statusCode());
    assertEquals(
        "application/json; charset=utf-8", json.headers().firstValue("Content-Type").orElse(""));
    assertEquals(ContractSchemas.document(), new JsonObject(json.body()));
    assertTrue(get("/openapi.yaml").body().startsWith("openapi: 3.1.0"));
  }

  private String policyOf(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertEquals(200, response.statusCode(), path);
    return response.headers().firstValue("Content-Security-Policy").orElse(null);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
