package io.devicejobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devicejobs.testing.LiveClient;
import io.devicejobs.testing.LiveServerTest;
import io.devicejobs.testing.PrometheusText;
import io.devicejobs.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scripted job run (claims, reports of every outcome, a timeout, a cancel, a removal, a live client), then
 * /metrics must show each domain series with exactly the expected values, and carry no id of a device or job.
 */
class MetricsTest extends LiveServerTest {
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final List<String> ids = new ArrayList<>();
  private LiveClient live;
  private String metricsText;
  private PrometheusText metrics;

  @Override
  protected Map<String, String> settings() {
    return Map.of("TIMEOUT_GRACE_SECONDS", "0");
  }

  @BeforeAll
  void scriptedJobRun() throws Exception {
    live = clients.open(server.port(), TestServer.ADMIN_KEY);
    live.request(new JsonObject().put("type", "subscribe:all"));
    MetricsScript.run(server, fleet, ids);
    // The nine execution changes reach the client as
    // job:status frames (progress frames come in between).
    int statusFrames = 0;
    while (statusFrames < 9) {
      if (live.next().getString("type").equals("job:status")) {
        statusFrames++;
      }
    }
    metricsText = MetricsScript.metrics(server);
    metrics = new PrometheusText(metricsText);
  }

  @AfterAll
  void closeClients() {
    live.close();
    clients.close();
  }

  @Test
  void everyDomainSeriesHasTheExpectedValue() throws Exception {
    String table =
        new String(
            getClass().getResourceAsStream("metrics-after-script.txt").readAllBytes(),
            StandardCharsets.UTF_8);
    Map<String, Double> expected = new LinkedHashMap<>();
    table
        .lines()
        .filter(line -> !line.startsWith("#"))
        .forEach(
            line ->
                expected.put(
                    line.substring(0, line.lastIndexOf(' ')),
                    Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
    Map<String, Double> actual = new LinkedHashMap<>();
    expected.keySet().forEach(series -> actual.put(series, metrics.value(series)));
    assertEquals(expected, actual);

    assertTrue(
        metrics.value("devicejobs_fleet_counts_refreshed") > 1.7e9, "refresh time in Unix seconds");
    // Nine execution changes, each a job:status frame to the
    // subscribed client (plus coalesced progress frames).
    assertTrue(metrics.value("devicejobs_ws_frames_delivered_total") >= 9, metricsText);
    assertTrue(metrics.value("devicejobs_live_events_published_total") >= 9);
    assertTrue(metrics.value("devicejobs_live_notification_lag_seconds_count") >= 9);
    assertTrue(
        metrics.value("vertx_pool_completed_total{pool_name=\"device-jobs\",pool_type=\"sql\"}")
            > 0);
  }

  @Test
  void docsListEverySeriesWithItsTypeAndLabels() throws Exception {
    MetricsDocs docs = MetricsDocs.read();
    Map<String, String> exported = new TreeMap<>(metrics.families());
    exported
        .keySet()
        .removeIf(name -> !name.startsWith("devicejobs_") && !name.startsWith("vertx_"));
    assertEquals(
        exported,
        docs.types(),
        "docs/metrics.md lists exactly the exported families, with their types");
    Map<String, Set<String>> labels = metrics.labelsByFamily();
    for (String family : docs.labels().keySet()) {
      assertEquals(
          labels.get(family),
          docs.labels().get(family),
          "labels of " + family + " in docs/metrics.md");
    }
  }

  @Test
  void theDashboardSelectsOnlyExportedSeries() throws Exception {
    JsonObject dashboard =
        new JsonObject(Files.readString(Path.of("dashboards/grafana/device-jobs.json")));
    JsonObject variable =
        dashboard.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
    assertEquals("datasource", variable.getString("name"));
    assertEquals("prometheus", variable.getString("query"), "a Prometheus datasource variable");
    for (Object panel : dashboard.getJsonArray("panels")) {
      JsonObject source = ((JsonObject) panel).getJsonObject("datasource");
      assertTrue(
          source == null || "${datasource}".equals(source.getString("uid")),
          "datasource of " + panel);
    }
    List<String> expressions = DashboardQueries.expressions(dashboard);
    assertTrue(expressions.size() >= 20, "the panels' queries: " + expressions);
    Set<String> exported = metrics.sampleNames();
    Set<String> used = new TreeSet<>();
    for (String expr : expressions) {
      Set<String> names = DashboardQueries.metricNames(expr);
      assertFalse(names.isEmpty(), "no metric in " + expr);
      used.addAll(names);
    }
    used.remove("up"); // Prometheus's own series of each scrape target.
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(exported);
    assertEquals(Set.of(), missing, "dashboard series that /metrics does not export");
    assertTrue(
        used.containsAll(
            Set.of(
                "devicejobs_polls_total",
                "devicejobs_executions_queued",
                "vertx_http_server_response_time_seconds_bucket",
                "jvm_memory_used_bytes",
                "vertx_pool_in_use")),
        used::toString);
  }

  @Test
  void routesAreLabelledByTemplateAndNoLabelCarriesAnId() {
    assertTrue(
        metricsText.contains("route=\"/api/v1/jobs/templates\""),
        "sub-router routes as clean templates");
    assertTrue(metricsText.contains("route=\"/api/v1/devices/:uuid/jobs/:job_id/status\""));
    assertTrue(metricsText.contains("route=\"/api/v1/devices/:uuid/jobs/next\""));
    assertFalse(metricsText.contains(">"), "no sub-router joints in route labels");
    Matcher anyUuid = UUID_TEXT.matcher(metricsText);
    assertFalse(anyUuid.find(), () -> "an id in /metrics: " + anyUuid.group());
    for (String id : ids) {
      assertFalse(metricsText.contains(id), id);
    }
  }
}
