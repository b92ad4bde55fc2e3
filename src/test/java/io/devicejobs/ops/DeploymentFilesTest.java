package io.devicejobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No container engine runs here: these checks hold the Dockerfile, compose.yaml and the Prometheus and Grafana
 * files together (names, ports, mounts), so that they cannot drift apart unnoticed.
 */
class DeploymentFilesTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String path) throws Exception {
    return new Yaml().load(Files.readString(Path.of(path)));
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Map<String, Object> map, String... keys) {
    Object node = map;
    for (String key : keys) {
      node = ((Map<String, Object>) node).get(key);
    }
    return (T) node;
  }

  @Test
  void composeRunsTwoInstancesOnOnePostgresWithPrometheusAndGrafana() throws Exception {
    Map<String, Object> compose = yaml("compose.yaml");
    Map<String, Object> services = at(compose, "services");
    assertEquals(
        Set.of("postgres", "device-jobs-1", "device-jobs-2", "prometheus", "grafana"),
        services.keySet());
    for (String instance : List.of("device-jobs-1", "device-jobs-2")) {
      Map<String, Object> environment = at(compose, "services", instance, "environment");
      assertEquals("postgres", environment.get("DB_HOST"), instance);
      assertEquals("devicejobs", environment.get("DB_NAME"));
      assertEquals(
          at(compose, "services", "postgres", "environment", "POSTGRES_PASSWORD"),
          environment.get("DB_PASSWORD"));
      assertEquals(".", at(compose, "services", instance, "build"));
      assertTrue(
          ((Map<String, Object>) at(compose, "services", instance, "depends_on"))
              .containsKey("postgres"));
    }
    assertTrue(
        ((List<String>) at(compose, "services", "prometheus", "volumes"))
            .contains("./dashboards/prometheus:/etc/prometheus:ro"));
    assertTrue(
        ((List<String>) at(compose, "services", "prometheus", "command"))
            .contains("--config.file=/etc/prometheus/prometheus.yml"));
    List<String> grafana = at(compose, "services", "grafana", "volumes");
    assertTrue(
        grafana.contains("./dashboards/grafana/provisioning:/etc/grafana/provisioning:ro"),
        grafana::toString);
    assertTrue(
        grafana.contains("./dashboards/grafana:/var/lib/grafana/dashboards:ro"), grafana::toString);
    for (Object service : services.values()) {
      for (Object volume :
          (List<Object>) ((Map<String, Object>) service).getOrDefault("volumes", List.of())) {
        String source = volume.toString().split(":")[0];
        assertTrue(
            !source.startsWith(".") || Files.exists(Path.of(source)),
            "mounted path exists: " + source);
      }
    }
  }

  @Test
  void prometheusScrapesTheComposeInstancesAndGrafanaReadsPrometheus() throws Exception {
    Map<String, Object> prometheus = yaml("dashboards/prometheus/prometheus.yml");
    Map<String, Object> job =
        ((List<Map<String, Object>>) (Object) at(prometheus, "scrape_configs")).get(0);
    assertEquals("device-jobs", job.get("job_name"), "the alert rules select job=\"device-jobs\"");
    Map<String, Object> targets = ((List<Map<String, Object>>) job.get("static_configs")).get(0);
    assertEquals(List.of("device-jobs-1:4002", "device-jobs-2:4002"), targets.get("targets"));
    assertEquals(List.of("alerts.yml"), at(prometheus, "rule_files"));

    Map<String, Object> datasource =
        ((List<Map<String, Object>>)
                (Object)
                    at(
                        yaml("dashboards/grafana/provisioning/datasources/prometheus.yml"),
                        "datasources"))
            .get(0);
    assertEquals("prometheus", datasource.get("type"));
    assertEquals("http://prometheus:9090", datasource.get("url"));
    Map<String, Object> provider =
        ((List<Map<String, Object>>)
                (Object)
                    at(
                        yaml("dashboards/grafana/provisioning/dashboards/device-jobs.yml"),
                        "providers"))
            .get(0);
    assertEquals("/var/lib/grafana/dashboards", at(provider, "options", "path"));
  }

  @Test
  void theImageBuildsWithMavenAndRunsAsANonRootUserWithAHealthCheck() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(
        List.of("FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre"), froms);
    assertTrue(lines.contains("RUN mvn -B -q package -DskipTests"), "the README's build");
    String user =
        lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertTrue(!user.contains("root") && !user.matches("USER 0(:.*)?"), user);
    String health = String.join("\n", lines);
    assertTrue(
        health.contains("HEALTHCHECK") && health.contains("\"/app/device-jobs.jar\", \"health\"]"),
        health);
    assertTrue(
        health.contains("COPY --from=build /src/target/device-jobs.jar /app/device-jobs.jar"));
    // What the build stage copies is exactly what .dockerignore lets through.
    List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));
    for (String copied : List.of("pom.xml", "src", "db", "openapi")) {
      assertTrue(ignore.contains("!" + copied) || ignore.contains("!" + copied + "/"), copied);
      assertTrue(health.contains("COPY " + copied + " "), copied);
    }
  }
}
