package io.devicejobs.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ServerTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The portal's files come from the jar at / with strict headers, and take nothing away from the API. */
class PortalServingTest extends ServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path SOURCES = Path.of("src/main/resources/portal");

  @Test
  void theIndexComesWithAStrictPolicyAndIsRevalidated() throws Exception {
    HttpResponse<String> index = get("/", null);
    assertEquals(200, index.statusCode());
    assertTrue(
        header(index, "Content-Type").startsWith("text/html"), header(index, "Content-Type"));
    assertEquals(Portal.CONTENT_SECURITY_POLICY, header(index, "Content-Security-Policy"));
    assertTrue(Portal.CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
    assertFalse(Portal.CONTENT_SECURITY_POLICY.contains("unsafe"));
    assertEquals("nosniff", header(index, "X-Content-Type-Options"));
    assertEquals("DENY", header(index, "X-Frame-Options"));
    assertEquals("no-cache", header(index, "Cache-Control"));
    assertTrue(index.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"));

    String lastModified = header(index, "Last-Modified");
    assertNotNull(lastModified);
    assertEquals(304, get("/index.html", lastModified).statusCode());

    HttpResponse<String> script = get("/js/app.js", null);
    assertEquals(200, script.statusCode());
    assertTrue(
        header(script, "Content-Type").contains("javascript"), header(script, "Content-Type"));
    assertEquals(Portal.CONTENT_SECURITY_POLICY, header(script, "Content-Security-Policy"));
  }

  @Test
  void theApiAndTheRootEndpointsAreUnchanged() throws Exception {
    HttpResponse<String> unknown = get("/no-such-page", null);
    assertEquals(404, unknown.statusCode());
    assertEquals("not_found", new JsonObject(unknown.body()).getString("error"));
    HttpResponse<String> unknownApi = get("/api/v1/no-such-thing", null);
    assertEquals(404, unknownApi.statusCode());
    assertEquals("not_found", new JsonObject(unknownApi.body()).getString("error"));
    assertEquals(401, get("/api/v1/jobs/templates", null).statusCode());
    HttpResponse<String> posted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/index.html"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, posted.statusCode());
    assertEquals(200, get("/health/live", null).statusCode());
    assertTrue(get("/openapi.yaml", null).body().startsWith("openapi: 3.1.0"));
    assertTrue(get("/metrics", null).body().contains("# TYPE"));
    assertEquals(404, get("/js/../../logback.xml", null).statusCode());
  }

  /** API data (device names, output, documents) must never be parsed as markup, nor any style or script inlined. */
  @Test
  void thePortalNeverParsesHtmlNorInlinesScriptOrStyle() throws IOException {
    Pattern htmlSinks =
        Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(");
    Pattern inline =
        Pattern.compile("<script(?![^>]*\\bsrc=)|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() > 10, "portal files: " + files);
    for (Path file : files) {
      String text = Files.readString(file);
      if (file.toString().endsWith(".js")) {
        assertFalse(htmlSinks.matcher(text).find(), file + " uses an HTML sink");
      }
      if (file.toString().endsWith(".html")) {
        assertFalse(inline.matcher(text).find(), file + " has inline script or style");
      }
    }
  }

  private HttpResponse<String> get(String path, String ifModifiedSince) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (ifModifiedSince != null) {
      request.header("If-Modified-Since", ifModifiedSince);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }
}
