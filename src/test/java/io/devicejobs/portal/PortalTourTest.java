package io.devicejobs.portal;

import static io.devicejobs.testing.ApiAssertions.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devicejobs.testing.ApiClient;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Every page of the portal over a fleet with a day of history, as a laptop screen (1366x768) shows it. Each page
 * must render its data without script errors; a screenshot of each goes to the directory named by the system
 * property portal.screenshots (docs/portal for the documentation), else to target/portal-screenshots.
 */
class PortalTourTest extends BrowserTest {
  private static final Path SHOTS =
      Path.of(System.getProperty("portal.screenshots", "target/portal-screenshots"));
  private final Map<String, ApiClient> devices =
      new LinkedHashMap<>(); // uuid -> the device's own client
  private final Map<String, String> names = new LinkedHashMap<>();

  @Override
  protected Map<String, String> settings() {
    return Map.of("PRESENCE_FLUSH_MS", "100");
  }

  @BeforeAll
  void seedFleet() {
    for (String[] device :
        new String[][] {
          {"gw-berlin-01", "berlin"}, {"gw-berlin-02", "berlin"}, {"gw-berlin-03", "berlin"},
          {"gw-munich-01", "munich"}, {"gw-munich-02", "munich"}, {"gw-munich-03", "munich"},
          {"sensor-lab-01", "lab"}, {"sensor-lab-02", "lab"}
        }) {
      JsonObject registered =
          assertStatus(
              201,
              api.post(
                  "/devices",
                  new JsonObject()
                      .put("device_name", device[0])
                      .put("device_type", device[0].startsWith("gw") ? "gateway" : "sensor")
                      .put("groups", new JsonArray().add(device[1]))));
      String uuid = registered.getJsonObject("device").getString("uuid");
      devices.put(uuid, api.as(registered.getString("device_token")));
      names.put(uuid, device[0]);
    }
    // A day of jobs: most devices succeed, some fail; spread over the last hours.
    for (int hoursAgo = 11; hoursAgo >= 1; hoursAgo--) {
      String group = List.of("berlin", "munich", "lab").get(hoursAgo % 3);
      long template = hoursAgo % 2 == 0 ? 3 : 1;
      String job =
          execute(template, (template == 3 ? "health check: " : "restart nginx: ") + group, group);
      runAll(job, hoursAgo % 4 == 0 ? 1 : 0);
      backdate(job, hoursAgo);
    }
    // Work in flight for the dashboard: one device running, the others waiting.
    String running = execute(3, "health check: munich", "munich");
    String first = device("gw-munich-01");
    assertStatus(200, devices.get(first).get("/devices/" + first + "/jobs/next"));
    assertEquals("IN_PROGRESS", fleetJob(running).getString("status"));
  }

  @Test
  void everyPageShowsItsData() {
    browser.openRoot();
    browser.script("sessionStorage.clear();");
    browser.openRoot();
    browser.waitFor(By.id("api-key"));
    shot("sign-in");

    browser.signIn(TestServer.ADMIN_KEY);
    browser.go("/dashboard");
    browser.waitFor(By.cssSelector("#active-jobs li.job-row[data-status='IN_PROGRESS']"));
    browser.waitFor(By.cssSelector("#outcome-chart svg rect.bar-failed"));
    browser.waitFor(By.cssSelector("#recent-jobs ol.timeline li"));
    browser.waitText(By.id("live-state"), "live");
    // A device claims its job while the dashboard watches:
    // the counts and the activity change without a reload.
    String second = device("gw-munich-02");
    assertStatus(200, devices.get(second).get("/devices/" + second + "/jobs/next"));
    browser.waitText(By.cssSelector("#activity li[data-status='IN_PROGRESS']"), "gw-munich-02");
    browser.waitText(By.cssSelector("[data-tile='running'] .tile-value"), "2");
    shot("dashboard");

    browser.go("/jobs");
    browser.waitFor(By.cssSelector("#recent-jobs table tr[data-job]"));
    shot("jobs");

    String failedJob = jobWithFailure();
    browser.go("/jobs/" + failedJob);
    browser.waitFor(By.cssSelector("tr.device-row[data-status='FAILED']"));
    browser.click(By.cssSelector("tr.device-row[data-status='FAILED'] .output-toggle"));
    browser.waitFor(By.cssSelector("tr.output-row pre[data-stream='stderr']"));
    shot("job");

    browser.go("/templates/3");
    browser.waitText(By.cssSelector(".placeholders"), "SERVICE_NAME");
    shot("templates");
    setText(
        By.name("job_document"),
        """
        {"version": "1.0", "includeStdOut": true, "steps": [
          {"name": "Check Disk Space", "type": "runCommand", "input": {"command": "df,-h"}},
          {"name": "Check Service", "type": "runCommand", "input": {"command": "systemctl,is-active,{{SERVICE_NAME}}"},
           "allowStdErr": -1}]}""");
    browser.click(By.id("save-template"));
    browser.waitFor(By.cssSelector("ul.json-errors li"));
    shot("template-error");

    browser.go("/execute");
    new Select(browser.waitFor(By.name("template_id")))
        .selectByVisibleText("maintenance / health-check");
    browser.waitFor(By.name("parameter-SERVICE_NAME")).sendKeys("nginx");
    browser.driver().findElement(By.name("device-search")).sendKeys("gw-berlin");
    browser.waitFor(By.cssSelector(".chooser-results[data-query='gw-berlin']"));
    browser.click(By.cssSelector("label[data-device='gw-berlin-01'] input"));
    browser.click(By.cssSelector("label[data-device='gw-berlin-02'] input"));
    shot("execute");
    browser.click(By.id("preview-job"));
    browser.waitAttribute(By.id("target-count"), "data-count", "2");
    shot("execute-preview");

    browser.go("/devices");
    browser.waitFor(By.cssSelector("#device-list tr[data-device]"));
    shot("devices");

    browser.go("/devices/" + device("gw-berlin-01"));
    browser.click(By.cssSelector("tr.history-row .output-toggle"));
    browser.waitFor(By.cssSelector("#device-history pre[data-stream='stdout']"));
    shot("device");

    browser.go("/handlers/download-file");
    browser.waitFor(By.id("handler-script"));
    shot("handlers");
    assertEquals(List.of(), browser.consoleErrors());
  }

  private String device(String name) {
    return names.entrySet().stream()
        .filter(e -> e.getValue().equals(name))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  /** Moves a finished job and its executions into the past, as if it had run then. */
  private void backdate(String jobId, int hoursAgo) {
    String shift = " - interval '" + hoursAgo + " hours'";
    server.execute(
        "UPDATE job_executions SET created_at = created_at"
            + shift
            + ", updated_at = updated_at"
            + shift
            + " WHERE job_id = '"
            + jobId
            + "'");
    server.execute(
        "UPDATE device_job_status SET queued_at = queued_at"
            + shift
            + ", started_at = started_at"
            + shift
            + ", finished_at = finished_at"
            + shift
            + ", deadline_at = deadline_at"
            + shift
            + " WHERE job_id = '"
            + jobId
            + "'");
  }

  private void shot(String name) {
    browser.screenshot(SHOTS.resolve(name + ".png"));
  }

  private void setText(By locator, String text) {
    browser.script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
        browser.waitFor(locator),
        text);
  }

  /** Executes a seeded template (1 restart-service, 3 health-check) on a group; answers the job id. */
  private String execute(long templateId, String name, String group) {
    return assertStatus(
            201,
            api.post(
                "/jobs/execute",
                new JsonObject()
                    .put("job_name", name)
                    .put("template_id", templateId)
                    .put("parameters", new JsonObject().put("SERVICE_NAME", "nginx"))
                    .put("target_type", "group")
                    .put("target_groups", new JsonArray().add(group))))
        .getJsonObject("job")
        .getString("job_id");
  }

  /** Every targeted device claims the job and reports; the first `failures` of them fail. */
  private void runAll(String jobId, int failures) {
    List<String> targets = new ArrayList<>();
    for (Object row :
        assertStatus(200, api.get("/jobs/executions/" + jobId)).getJsonArray("device_statuses")) {
      targets.add(((JsonObject) row).getString("device_uuid"));
    }
    for (String uuid : targets) {
      ApiClient device = devices.get(uuid);
      assertStatus(200, device.get("/devices/" + uuid + "/jobs/next"));
      JsonObject report =
          failures-- > 0
              ? new JsonObject()
                  .put("status", "FAILED")
                  .put("exit_code", 3)
                  .put("failed_step", "Check Service")
                  .put("reason", "step Check Service exited with 3")
                  .put("executed_steps", 3)
                  .put(
                      "stdout",
                      "Filesystem      Size  Used Avail Use% Mounted on\n/dev/mmcblk0p2   29G   27G  1.2G  96% /\n")
                  .put("stderr", "inactive\nnginx.service: Failed with result 'exit-code'.\n")
              : new JsonObject()
                  .put("status", "SUCCEEDED")
                  .put("exit_code", 0)
                  .put("executed_steps", 3)
                  .put(
                      "stdout",
                      "Filesystem      Size  Used Avail Use% Mounted on\n/dev/mmcblk0p2   29G  8.1G   20G  30% /\n"
                          + "               total        used        free\nMem:           3.8Gi       1.1Gi       2.2Gi\nactive\n");
      assertStatus(200, device.patch("/devices/" + uuid + "/jobs/" + jobId + "/status", report));
    }
  }

  private JsonObject fleetJob(String jobId) {
    return assertStatus(200, api.get("/jobs/executions/" + jobId)).getJsonObject("job");
  }

  private String jobWithFailure() {
    JsonArray failed =
        assertStatus(200, api.get("/jobs/executions?status=FAILED&limit=1"))
            .getJsonArray("executions");
    return failed.getJsonObject(0).getString("job_id");
  }
}
