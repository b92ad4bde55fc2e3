package io.devicejobs.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/** Registry-wide meter rules, installed before Vert.x registers its meters. They run once per new series. */
public final class MeterSetup {
  /** Buckets of the HTTP latency histogram: enough for a p99 of the poll, few enough to keep series down. */
  private static final double[] LATENCY_BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private MeterSetup() {}

  public static void install(MeterRegistry registry) {
    registry
        .config()
        .meterFilter(MeterFilter.replaceTagValues("route", MeterSetup::routeTemplate))
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("vertx.http.server.response.time")) {
                  return config;
                }
                // Timers take their bucket bounds in nanoseconds.
                double[] nanos = new double[LATENCY_BUCKETS_SECONDS.length];
                for (int i = 0; i < nanos.length; i++) {
                  nanos[i] = LATENCY_BUCKETS_SECONDS[i] * 1e9;
                }
                return DistributionStatisticConfig.builder()
                    .serviceLevelObjectives(nanos)
                    .build()
                    .merge(config);
              }
            });
  }

  /**
   * Vert.x names a request's route by every route it passed, joined by {@code >}: the sub-router's mount
   * ({@code /api/v1/}), then routes of the sub-router (the access guard's and the operation's, both
   * {@code /jobs/templates/:id}), sometimes a root route again. Dashboards want the one template a client sees:
   * the mount's prefix before the last route that is not a mount ({@code /api/v1/jobs/templates/:id}).
   */
  public static String routeTemplate(String route) {
    if (route.indexOf('>') < 0) {
      return route;
    }
    String prefix = "";
    String template = "";
    for (String part : route.split(">")) {
      if (part.length() > 1 && part.endsWith("/")) {
        String mount = part.substring(0, part.length() - 1);
        prefix = mount.equals(prefix) || mount.startsWith(prefix + "/") ? mount : prefix + mount;
      } else if (!part.isEmpty()) {
        template = part.startsWith(prefix + "/") || part.equals(prefix) ? part : prefix + part;
      }
    }
    return template.isEmpty() ? prefix + "/" : template;
  }
}
