package io.devicejobs.portal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through its chromedriver, one per test class. Without them the tests are
 * skipped with the reason, unless REQUIRE_BROWSER=1 (set by .ci/run, which installs them) makes that a failure.
 */
public record Browser(ChromeDriver driver, Path profile, String base) implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  /** The paths of chromium and chromedriver that are not there. */
  public static List<String> missingTools() {
    List<String> missing = new ArrayList<>();
    for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(tool)) {
        missing.add(tool.toString());
      }
    }
    return missing;
  }

  /** Skips (or, with REQUIRE_BROWSER=1, fails) the calling test when chromium or chromedriver is missing. */
  public static void requireTools() {
    List<String> missing = missingTools();
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        "browser tests need Debian's chromium and chromium-driver packages (apt-get install chromium"
            + " chromium-driver); missing: "
            + String.join(", ", missing);
    if ("1".equals(System.getenv("REQUIRE_BROWSER"))) {
      fail(reason + " (REQUIRE_BROWSER=1)");
    }
    Assumptions.abort(reason + " (set REQUIRE_BROWSER=1 to fail instead)");
  }

  /** A browser with a 1366x768 window (a laptop screen) aimed at the server on this port. */
  public static Browser open(int port) {
    try {
      Path profile = Files.createTempDirectory("devicejobs-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      // Without the networking switches chromium waits
      // for services it cannot reach on a closed network.
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--window-size=1366,768",
          "--lang=en-GB",
          "--user-data-dir=" + profile);
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      // The driver's path is given, so Selenium Manager never tries to download one.
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      return new Browser(new ChromeDriver(service, options), profile, "http://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a portal page by its hash route, e.g. "/templates". */
  public void go(String route) {
    driver.get(base + "/#" + route);
  }

  public void openRoot() {
    driver.get(base + "/");
  }

  /** Signs in afresh (whatever key the tab held before is forgotten). */
  public void signIn(String key) {
    openRoot();
    script("sessionStorage.clear();");
    openRoot();
    consoleErrors(); // what earlier tests left in the log
    WebElement input = waitFor(By.id("api-key"));
    input.sendKeys(key);
    click(By.id("sign-in"));
    waitFor(By.id("role"));
  }

  /** Checks every 25 ms, so that a wait also tells how soon something appeared. */
  private WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
    wait.pollingEvery(Duration.ofMillis(25));
    return wait;
  }

  public WebElement waitFor(By locator) {
    return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /**
   * Clicks the element once it is clickable. Live updates may re-render it between finding and
   * clicking; then it is found again, so a click never lands on an element the page replaced.
   */
  public void click(By locator) {
    waiting()
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> "a clickable " + locator)
        .until(
            d -> {
              WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(d);
              if (element == null) {
                return null;
              }
              element.click();
              return true;
            });
  }

  public void waitText(By locator, String text) {
    waiting()
        .withMessage(() -> "text \"" + text + "\" in " + locator)
        .until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  /** Waits until the element shows some text; answers it. */
  public String waitSomeText(By locator) {
    return waiting()
        .withMessage(() -> "some text in " + locator)
        .until(
            d -> {
              String text = d.findElement(locator).getText();
              return text.isBlank() ? null : text;
            });
  }

  public void waitAttribute(By locator, String attribute, String value) {
    waiting()
        .withMessage(() -> attribute + "=" + value + " on " + locator)
        .until(ExpectedConditions.attributeToBe(locator, attribute, value));
  }

  /** Waits until the condition holds; {@code what} names it in the failure. */
  public void waitUntil(String what, BooleanSupplier condition) {
    waiting().withMessage(() -> what).until(d -> condition.getAsBoolean());
  }

  public void waitGone(By locator) {
    waiting().until(ExpectedConditions.numberOfElementsToBe(locator, 0));
  }

  /** Waits until the page is another one than the given hash route. */
  public void waitLeaving(String route) {
    waiting().until(ExpectedConditions.not(ExpectedConditions.urlToBe(base + "/#" + route)));
  }

  public void waitUrlContains(String part) {
    waiting().until(ExpectedConditions.urlContains(part));
  }

  public Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** A script that calls its last argument when done. */
  public Object asyncScript(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /**
   * Script errors the page logged since the last call. Answers with an error status are left out: the portal shows
   * those in words, and tests provoke them on purpose.
   */
  public List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
          && !entry
              .getMessage()
              .contains("Failed to load resource: the server responded with a status of")) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  /** A PNG of what the window shows. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.move(taken, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover profile in the temp directory harms nothing
    }
  }
}
