package io.devicejobs.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The series docs/metrics.md lists: rows "| `name` | type | `label`, `label` | meaning |". */
record MetricsDocs(Map<String, String> types, Map<String, Set<String>> labels) {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z_0-9]+)` \\| (\\w+) \\| ([^|]*)\\|");
  private static final Pattern LABEL = Pattern.compile("`([a-z_]+)`");

  static MetricsDocs read() throws IOException {
    Map<String, String> types = new TreeMap<>();
    Map<String, Set<String>> labels = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("docs/metrics.md"))) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        types.put(row.group(1), row.group(2));
        Set<String> names = new TreeSet<>();
        Matcher label = LABEL.matcher(row.group(3));
        while (label.find()) {
          names.add(label.group(1));
        }
        labels.put(row.group(1), names);
      }
    }
    return new MetricsDocs(types, labels);
  }
}
