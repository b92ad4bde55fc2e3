package io.devicejobs.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scrape configuration and alert rules in dashboards/prometheus pass promtool's checks and rule tests. */
class PromtoolTest {
  @Test
  void scrapeConfigurationIsValid() throws Exception {
    String output =
        PrometheusTools.run(
            PrometheusTools.require("promtool"), "check", "config", "prometheus.yml");
    assertTrue(output.contains("SUCCESS"), output);
  }

  @Test
  void alertRulesAreValid() throws Exception {
    String output =
        PrometheusTools.run(PrometheusTools.require("promtool"), "check", "rules", "alerts.yml");
    assertTrue(output.contains("SUCCESS: 7 rules found"), output);
  }

  @Test
  void alertRulesPassTheirUnitTests() throws Exception {
    String output =
        PrometheusTools.run(
            PrometheusTools.require("promtool"), "test", "rules", "alerts.test.yml");
    assertTrue(output.contains("SUCCESS"), output);
  }
}
