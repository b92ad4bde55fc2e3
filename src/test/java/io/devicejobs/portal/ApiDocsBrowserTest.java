package io.devicejobs.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ContractSchemas;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Swagger UI at /api-docs/ in Chromium: it renders the contract, every operation of it, and breaks no policy. */
class ApiDocsBrowserTest extends BrowserTest {

  @Test
  void theApiDocsListEveryOperationOfTheContract() {
    Set<String> expected = operationBlockIds(ContractSchemas.document());
    assertEquals(42, expected.size(), "operations in the contract");

    browser.driver().get(browser.base() + "/api-docs/");
    browser.waitText(By.cssSelector(".info .title"), "device-jobs API");
    Set<String> shown = new TreeSet<>();
    browser.waitUntil(
        "every operation shown: " + expected,
        () -> {
          shown.clear();
          shown.addAll(
              browser.driver().findElements(By.cssSelector(".opblock[id]")).stream()
                  .map(block -> block.getDomAttribute("id"))
                  .toList());
          return shown.equals(expected);
        });
    assertEquals(expected, shown);
    browser.click(By.cssSelector("#operations-templates-listTemplates .opblock-summary"));
    browser.waitText(
        By.cssSelector("#operations-templates-listTemplates .parameters"),
        "Page size (default 100).");
    // A policy violation (an inline script, a style the policy refuses) is logged as an error.
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void thePortalLinksToTheApiDocs() {
    browser.openRoot();
    browser.click(By.cssSelector("a.api-docs-link"));
    browser.waitText(By.cssSelector(".info .title"), "device-jobs API");
    assertTrue(browser.driver().getCurrentUrl().endsWith("/api-docs/"));
  }

  /** Swagger UI gives each operation's block the id {@code operations-<first tag>-<operationId>}. */
  private static Set<String> operationBlockIds(JsonObject contract) {
    Set<String> ids = new TreeSet<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      paths
          .getJsonObject(path)
          .forEach(
              entry -> {
                if (entry.getValue() instanceof JsonObject operation
                    && operation.containsKey("operationId")) {
                  String tag = operation.getJsonArray("tags").getString(0);
                  ids.add("operations-" + tag + "-" + operation.getString("operationId"));
                }
              });
    }
    return ids;
  }
}
