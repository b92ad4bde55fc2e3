package io.devicejobs.portal;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.Fleet;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal in a real browser against a real server: the devices are driven through the device API by the test,
 * so their rows change while the browser watches, with no reload.
 */
class PortalBrowserTest extends BrowserTest {

  @Test
  void anOperatorCreatesATemplateRunsItOnTwoDevicesAndFollowsItLive() {
    List<String> devices = fleet.register("portal-dev", 2);
    browser.signIn(TestServer.ADMIN_KEY);
    assertEquals("admin", browser.waitFor(By.id("role")).getDomAttribute("data-role"));

    // A template with a placeholder; the server's validation error lands on the line it points at.
    browser.go("/templates/new");
    browser.waitFor(By.name("name")).sendKeys("portal-greeting");
    WebElement category = browser.driver().findElement(By.name("category"));
    category.clear();
    category.sendKeys("test");
    setText(
        By.name("job_document"),
        """
        {"version": "1.0", "includeStdOut": true,
         "steps": [{"name": "greet", "type": "runShell", "input": {"command": "echo,{{GREETING}}"}}]}""");
    browser.click(By.id("save-template"));
    WebElement error =
        browser.waitFor(By.cssSelector("ul.json-errors[data-errors-for='job_document'] li"));
    assertEquals(
        "7",
        error.getDomAttribute("data-line"),
        "the error sits on the line of steps/0/type: " + error.getText());
    assertTrue(error.getText().contains("/steps/0/type"), error.getText());
    assertEquals("7", browser.driver().findElement(By.cssSelector(".gutter div.bad")).getText());
    setText(
        By.name("job_document"),
        """
        {"version": "1.0", "includeStdOut": true,
         "steps": [{"name": "greet", "type": "runCommand", "input": {"command": "echo,{{GREETING}}"}}]}""");
    browser.click(By.id("save-template"));
    browser.waitText(By.cssSelector(".placeholders"), "GREETING");
    String templateId = browser.driver().getCurrentUrl().replaceAll(".*#/templates/", "");

    // Execute it on the two devices with a parameter, after a preview.
    browser.go("/execute");
    new Select(browser.waitFor(By.name("template_id"))).selectByValue(templateId);
    WebElement greeting = browser.waitFor(By.name("parameter-GREETING"));
    greeting.sendKeys("hello-portal");
    browser.driver().findElement(By.name("device-search")).sendKeys("portal-dev");
    browser.waitFor(By.cssSelector(".chooser-results[data-query='portal-dev']"));
    for (int i = 1; i <= 2; i++) {
      browser.click(By.cssSelector("label[data-device='portal-dev-" + i + "'] input"));
    }
    browser.click(By.id("preview-job"));
    browser.waitAttribute(By.id("target-count"), "data-count", "2");
    assertTrue(
        browser
            .driver()
            .findElement(By.id("rendered-document"))
            .getText()
            .contains("echo,hello-portal"));
    browser.click(By.id("confirm-execute"));
    browser.waitUrlContains("#/jobs/");
    String jobId = browser.driver().getCurrentUrl().replaceAll(".*#/jobs/", "");
    for (String device : devices) {
      browser.waitAttribute(row(device), "data-status", "QUEUED");
    }

    // The devices run it; both rows turn SUCCEEDED on the page that is already open.
    browser.script("window.portalTestMarker = 'not reloaded';");
    for (String device : devices) {
      JsonObject claimed = assertStatus(200, fleet.poll(device));
      assertEquals(jobId, claimed.getString("job_id"));
      browser.waitAttribute(row(device), "data-status", "IN_PROGRESS");
      assertStatus(
          200,
          fleet.report(
              device,
              jobId,
              new JsonObject()
                  .put("status", "SUCCEEDED")
                  .put("exit_code", 0)
                  .put("stdout", "hello-portal from " + device + "\n")));
      // The page never polls: only the live feed can bring the report in without a reload.
      browser.waitAttribute(row(device), "data-status", "SUCCEEDED");
    }
    browser.waitText(By.id("job-status"), "SUCCEEDED");
    assertEquals("not reloaded", browser.script("return window.portalTestMarker;"));

    // A device's history, with the output it reported.
    browser.click(By.cssSelector("tr.device-row[data-device='" + devices.get(0) + "'] a"));
    browser.click(By.cssSelector("tr.history-row[data-job='" + jobId + "'] .output-toggle"));
    browser.waitText(
        By.cssSelector("#device-history pre[data-stream='stdout']"),
        "hello-portal from " + devices.get(0));

    // A long-running job, canceled from its page.
    String longJob =
        fleet.executeOn(List.of(devices.get(1)), Fleet.document("sleep,600")).getString("job_id");
    assertStatus(200, fleet.poll(devices.get(1)));
    browser.go("/jobs/" + longJob);
    browser.waitAttribute(row(devices.get(1)), "data-status", "IN_PROGRESS");
    browser.click(By.id("force-cancel-job"));
    browser.click(By.cssSelector("dialog [data-confirm='yes']"));
    browser.waitAttribute(row(devices.get(1)), "data-status", "CANCELED");
    browser.waitText(By.id("job-status"), "CANCELED");

    // The template goes; the jobs made from it keep their own copy.
    browser.go("/templates/" + templateId);
    browser.click(By.id("delete-template"));
    browser.click(By.cssSelector("dialog [data-confirm='yes']"));
    browser.waitLeaving("/templates/" + templateId);
    browser.waitFor(By.cssSelector("#template-list a[data-template='restart-service']"));
    assertTrue(
        browser
            .driver()
            .findElements(By.cssSelector("#template-list a[data-template='portal-greeting']"))
            .isEmpty());
    assertEquals(404, api.get("/jobs/templates/" + templateId).status());
    assertEquals(200, api.get("/jobs/executions/" + jobId).status());
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void aViewerSeesWhatItCannotDoAndTheControlsAreNotThere() {
    String viewerKey =
        assertStatus(
                201,
                api.post(
                    "/auth/keys",
                    new JsonObject().put("name", "portal viewer").put("role", "viewer")))
            .getString("api_key");
    String device = fleet.register("viewer-dev", 1).get(0);
    String jobId = fleet.executeOn(List.of(device)).getString("job_id");
    browser.signIn(viewerKey);
    assertEquals("viewer", browser.waitFor(By.id("role")).getDomAttribute("data-role"));
    browser.go("/execute");
    browser.waitText(By.cssSelector(".role-note"), "needs the operator role");
    browser.go("/jobs/" + jobId);
    browser.waitAttribute(row(device), "data-status", "QUEUED");
    assertTrue(browser.driver().findElements(By.id("cancel-job")).isEmpty());
    browser.go("/templates/1");
    browser.waitFor(By.name("job_document"));
    assertTrue(browser.driver().findElements(By.id("save-template")).isEmpty());
    assertEquals(
        "true", browser.driver().findElement(By.name("job_document")).getDomProperty("readOnly"));
    signOut();
  }

  @Test
  void hostileNamesAndOutputAreShownAsText() {
    String hostile = "<img src=x onerror=\"window.portalXss=1\">";
    JsonObject registered =
        assertStatus(201, api.post("/devices", new JsonObject().put("device_name", hostile)));
    String device = registered.getJsonObject("device").getString("uuid");
    ApiClient asDevice = api.as(registered.getString("device_token"));
    String jobId = fleet.executeOn(List.of(device)).getString("job_id");
    assertStatus(200, asDevice.get("/devices/" + device + "/jobs/next"));
    assertStatus(
        200,
        asDevice.patch(
            "/devices/" + device + "/jobs/" + jobId + "/status",
            new JsonObject()
                .put("status", "FAILED")
                .put("exit_code", 2)
                .put("stderr", "<script>window.portalXss=2</script>")));
    browser.signIn(TestServer.ADMIN_KEY);
    browser.go("/devices/" + device);
    browser.waitText(By.id("device-summary"), hostile);
    browser.click(By.cssSelector("tr.history-row[data-job='" + jobId + "'] .output-toggle"));
    browser.waitText(
        By.cssSelector("#device-history pre[data-stream='stderr']"),
        "<script>window.portalXss=2</script>");
    assertTrue(browser.driver().findElements(By.cssSelector("#content img")).isEmpty());
    assertEquals(
        null, browser.script("return window.portalXss === undefined ? null : window.portalXss;"));
    signOut();
  }

  @Test
  void aFailedJobIsRerunOnItsFailedDevicesAndRetriedFromADevicesHistory() {
    List<String> devices = fleet.register("rerun-dev", 2);
    String jobId = fleet.executeOn(devices).getString("job_id");
    for (String device : devices) {
      assertStatus(200, fleet.poll(device));
      String outcome = device.equals(devices.get(0)) ? "FAILED" : "SUCCEEDED";
      assertStatus(200, fleet.report(device, jobId, new JsonObject().put("status", outcome)));
    }
    browser.signIn(TestServer.ADMIN_KEY);
    browser.go("/jobs/" + jobId);
    browser.waitText(By.id("rerun-failed"), "Rerun on 1 failed device");
    browser.click(By.id("rerun-failed"));
    browser.waitLeaving("/jobs/" + jobId);
    browser.waitAttribute(row(devices.get(0)), "data-status", "QUEUED");
    String rerun = browser.driver().getCurrentUrl().replaceAll(".*#/jobs/", "");
    assertEquals(jobId, fleet.job(rerun).getString("rerun_of"));
    assertEquals(1, browser.driver().findElements(By.cssSelector("tr.device-row")).size());

    browser.go("/devices/" + devices.get(0));
    browser.click(By.cssSelector("tr.history-row[data-job='" + jobId + "'] .retry"));
    browser.waitAttribute(row(devices.get(0)), "data-status", "QUEUED");
    String retry = browser.driver().getCurrentUrl().replaceAll(".*#/jobs/", "");
    assertEquals(jobId, fleet.job(retry).getString("rerun_of"));
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void aTemplateIsTestedOnOneDeviceAndAHandlerIsAdded() {
    String device = fleet.register("tryout", 1).get(0);
    browser.signIn(TestServer.ADMIN_KEY);
    browser.go("/templates/1");
    browser.waitFor(By.id("test-run"));
    browser.driver().findElement(By.name("device-search")).sendKeys("tryout");
    browser.waitFor(By.cssSelector(".chooser-results[data-query='tryout']"));
    browser.click(By.cssSelector("label[data-device='tryout-1'] input"));
    WebElement service = browser.driver().findElement(By.name("parameter-SERVICE_NAME"));
    service.sendKeys("nginx; reboot");
    browser.click(By.id("run-test"));
    String refusal =
        browser.waitSomeText(
            By.cssSelector(".field[data-field='parameters/SERVICE_NAME'] .field-error"));
    assertTrue(refusal.contains("no spaces, quotes or shell metacharacters"), refusal);
    service.clear();
    service.sendKeys("nginx");
    browser.click(By.id("run-test"));
    browser.waitAttribute(row(device), "data-status", "QUEUED");
    String jobId = browser.driver().getCurrentUrl().replaceAll(".*#/jobs/", "");
    assertEquals(
        new JsonObject().put("SERVICE_NAME", "nginx"),
        fleet.job(jobId).getJsonObject("parameters"));

    browser.go("/handlers/new");
    browser.waitFor(By.name("name")).sendKeys("portal-cleanup");
    setText(By.name("script"), "#!/bin/sh\nrm -rf /tmp/portal-cleanup\n");
    browser.click(By.id("create-handler"));
    browser.waitUrlContains("#/handlers/portal-cleanup");
    String hash = browser.waitFor(By.id("handler-sha")).getText();
    assertEquals(
        assertStatus(200, api.get("/jobs/handlers/portal-cleanup"))
            .getJsonObject("handler")
            .getString("script_sha256"),
        hash);
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void afterALostConnectionThePageCatchesUpOnWhatItMissed() {
    String device = fleet.register("resume-dev", 1).get(0);
    String jobId = fleet.executeOn(List.of(device)).getString("job_id");
    browser.signIn(TestServer.ADMIN_KEY);
    browser.go("/jobs/" + jobId);
    browser.waitAttribute(row(device), "data-status", "QUEUED");
    browser.waitAttribute(By.id("live-state"), "data-state", "live");
    // The connection drops (the page is not told, as when a network goes away), the device claims
    // the job, and
    // only then the portal connects again: the claim can only reach the page through the replay
    // since its last seq.
    browser.asyncScript(
        "const done = arguments[arguments.length - 1];"
            + " import('/js/live.js').then(m => { const socket = m.live.socket; m.live.socket = null; socket.close();"
            + " window.portalLive = m.live; done(); });");
    assertStatus(200, fleet.poll(device));
    assertEquals(
        "QUEUED", browser.driver().findElement(row(device)).getDomAttribute("data-status"));
    browser.script("window.portalLive.connect();");
    browser.waitAttribute(row(device), "data-status", "IN_PROGRESS");
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void aGroupIsTargetedAPlainCancelLeavesRunningWorkAndTheDashboardFilters() {
    List<String> devices = fleet.register("grouped", 2, "portal-group");
    String inline = fleet.executeOn(List.of(devices.get(0))).getString("job_id");
    browser.signIn(TestServer.ADMIN_KEY);
    browser.go("/execute");
    new Select(browser.waitFor(By.name("template_id"))).selectByValue("1");
    browser.waitFor(By.name("parameter-SERVICE_NAME")).sendKeys("nginx");
    browser
        .driver()
        .findElement(By.cssSelector("input[name='target_type'][value='group']"))
        .click();
    new Select(browser.waitFor(By.name("target_group"))).selectByValue("portal-group");
    browser.click(By.id("preview-job"));
    browser.waitAttribute(By.id("target-count"), "data-count", "2");
    browser.click(By.id("confirm-execute"));
    browser.waitUrlContains("#/jobs/");
    String jobId = browser.driver().getCurrentUrl().replaceAll(".*#/jobs/", "");
    assertEquals("group", fleet.job(jobId).getString("target_type"));
    browser.waitAttribute(row(devices.get(1)), "data-status", "QUEUED");

    // Only the second device claims this job; a plain cancel cancels the first one's queued
    // execution, not the
    // running one.
    assertStatus(200, fleet.poll(devices.get(1)));
    browser.waitAttribute(row(devices.get(1)), "data-status", "IN_PROGRESS");
    browser.click(By.id("cancel-job"));
    browser.click(By.cssSelector("dialog [data-confirm='yes']"));
    browser.waitAttribute(row(devices.get(0)), "data-status", "CANCELED");
    assertEquals(
        "IN_PROGRESS",
        browser.driver().findElement(row(devices.get(1))).getDomAttribute("data-status"));

    browser.go("/dashboard");
    browser.waitFor(By.cssSelector("#recent-jobs li[data-job='" + inline + "']"));
    new Select(browser.waitFor(By.name("template_id"))).selectByValue("1");
    browser.waitGone(By.cssSelector("#recent-jobs li[data-job='" + inline + "']"));
    browser.waitFor(By.cssSelector("#recent-jobs li[data-job='" + jobId + "']"));
    assertEquals(List.of(), browser.consoleErrors());
  }

  @Test
  void longListsArePaginated() {
    fleet.bulk("paged", 30, "paged-group");
    browser.signIn(TestServer.ADMIN_KEY);
    browser.go("/devices");
    browser.waitFor(By.name("search")).sendKeys("paged-");
    browser.waitFor(By.cssSelector("#device-list[data-query='paged-']"));
    browser.waitText(By.cssSelector("#device-list .pager"), "1–25 of 30");
    assertEquals(
        25, browser.driver().findElements(By.cssSelector("#device-list tr[data-device]")).size());
    browser.click(By.cssSelector("#device-list [data-page='next']"));
    browser.waitText(By.cssSelector("#device-list .pager"), "26–30 of 30");
    assertEquals(
        5, browser.driver().findElements(By.cssSelector("#device-list tr[data-device]")).size());
  }

  @Test
  void aWrongKeyIsRefusedInWords() {
    browser.openRoot();
    browser.script("sessionStorage.clear();");
    browser.openRoot();
    browser.waitFor(By.id("api-key")).sendKeys("djk_not-a-real-key");
    browser.click(By.id("sign-in"));
    browser.waitText(By.cssSelector(".signin .notice.error"), "Your API key was not accepted");
  }

  private void signOut() {
    browser.click(By.id("sign-out"));
    browser.waitFor(By.id("api-key"));
  }

  private static By row(String device) {
    return By.cssSelector("tr.device-row[data-device='" + device + "']");
  }

  /** Replaces a text field's content as a paste would. */
  private void setText(By locator, String text) {
    WebElement field = browser.waitFor(locator);
    browser.script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
        field,
        text);
  }
}
