package io.devicejobs.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL expressions of a Grafana dashboard, and the metric names they select. */
final class DashboardQueries {
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "rate",
          "increase",
          "irate",
          "histogram_quantile",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "time",
          "offset",
          "bool",
          "topk",
          "bottomk",
          "abs",
          "clamp_min",
          "clamp_max",
          "delta",
          "deriv");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private DashboardQueries() {}

  /** Every "expr" of every panel, rows' nested panels included. */
  static List<String> expressions(JsonObject dashboard) {
    List<String> out = new ArrayList<>();
    collect(dashboard.getJsonArray("panels"), out);
    return out;
  }

  private static void collect(JsonArray panels, List<String> out) {
    if (panels == null) {
      return;
    }
    for (int i = 0; i < panels.size(); i++) {
      JsonObject panel = panels.getJsonObject(i);
      JsonArray targets = panel.getJsonArray("targets", new JsonArray());
      for (int t = 0; t < targets.size(); t++) {
        out.add(targets.getJsonObject(t).getString("expr"));
      }
      collect(panel.getJsonArray("panels"), out);
    }
  }

  /**
   * The metric names an expression selects: identifiers left once label matchers, grouping lists, range
   * selectors, strings, Grafana variables and numbers are removed, and that are not PromQL functions or keywords.
   */
  static Set<String> metricNames(String expr) {
    String bare =
        expr.replaceAll("\"[^\"]*\"", "")
            .replaceAll("\\{[^}]*}", "")
            .replaceAll("\\[[^]]*]", "")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
            .replaceAll("\\$\\w+", "");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      if (!PROMQL_WORDS.contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }
}
