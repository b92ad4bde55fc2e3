package io.devicejobs.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A parsed /metrics answer (Prometheus text format 0.0.4): families with their types, and every sample. */
public final class PrometheusText {
  private final Map<String, String> types = new TreeMap<>();
  private final Map<String, Double> samples = new LinkedHashMap<>();

  public PrometheusText(String text) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
  }

  /** Family name to type (counter, gauge, histogram, summary). */
  public Map<String, String> families() {
    return types;
  }

  /** Every sample name as exported, suffixes (_total, _bucket, _count, _sum, _max) included. */
  public Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    for (String series : samples.keySet()) {
      int brace = series.indexOf('{');
      names.add(brace < 0 ? series : series.substring(0, brace));
    }
    return names;
  }

  /** Each family's label names (without the histogram's {@code le}), from its samples. */
  public Map<String, Set<String>> labelsByFamily() {
    Map<String, Set<String>> labels = new TreeMap<>();
    for (String series : samples.keySet()) {
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      String family =
          types.containsKey(name) ? name : name.replaceFirst("_(bucket|count|sum)$", "");
      Set<String> names = labels.computeIfAbsent(family, f -> new TreeSet<>());
      if (brace >= 0) {
        for (String pair :
            series.substring(brace + 1, series.length() - 1).split(",(?=[a-z_]+=\")")) {
          String label = pair.substring(0, pair.indexOf('='));
          if (!label.equals("le") && !label.isEmpty()) {
            names.add(label);
          }
        }
      }
    }
    return labels;
  }

  public Set<String> series() {
    return samples.keySet();
  }

  /** The value of one sample, named as exported: {@code name} or {@code name{label="value",...}}. */
  public double value(String series) {
    Double value = samples.get(series);
    if (value == null) {
      String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
      throw new AssertionError(
          "no sample "
              + series
              + " in /metrics; samples of "
              + name
              + ": "
              + samples.keySet().stream().filter(s -> s.startsWith(name)).toList());
    }
    return value;
  }
}
