package io.devicejobs.portal;

import io.devicejobs.testing.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A test class with its own server and one browser for all its tests; a failing test leaves a screenshot. */
abstract class BrowserTest extends ServerTest {
  protected Browser browser;

  @RegisterExtension final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

  @BeforeAll
  final void openBrowser() {
    if (Browser.missingTools().isEmpty()) {
      browser = Browser.open(server.port());
    }
  }

  /** Each test is reported as skipped, with the reason, when there is no browser (a failure with REQUIRE_BROWSER=1). */
  @BeforeEach
  final void requireBrowser() {
    Browser.requireTools();
  }

  @AfterAll
  final void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }
}
