package io.devicejobs.simulator;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --demo}: a handful of simulated devices in group {@code demo}, inside the server's process, and
 * a first job queued for them, so that a newcomer sees jobs flow at once. The devices only pretend to run
 * jobs: nothing is executed on the machine.
 */
public final class DemoFleet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);
  public static final String GROUP = "demo";
  private static final int DEVICES = 5;
  private static final String WELCOME_TEMPLATE = "health-check";

  private final Simulator simulator;

  private DemoFleet(Simulator simulator) {
    this.simulator = simulator;
  }

  /**
   * @param apiBase the server's API, e.g. {@code http://127.0.0.1:4002/api/v1}
   * @param apiKey an operator key for registering the devices and queuing the job; null when none is needed
   */
  public static DemoFleet start(URI apiBase, String apiKey) throws Exception {
    Simulator simulator =
        Simulator.start(
            new SimulatorOptions(
                apiBase,
                DEVICES,
                Duration.ofSeconds(2),
                null,
                0.8,
                Duration.ofSeconds(3),
                false,
                apiKey,
                GROUP,
                4,
                null,
                true));
    DemoFleet demo = new DemoFleet(simulator);
    demo.queueWelcomeJob();
    LOG.info(
        "demo: {} simulated devices in group \"{}\" poll every 2 s; watch their jobs in the portal at {}"
            + " (sign in with the admin key)",
        DEVICES,
        GROUP,
        apiBase.resolve("/"));
    return demo;
  }

  private void queueWelcomeJob() throws Exception {
    FleetHttp.Answer templates =
        simulator
            .operatorCall(HttpMethod.GET, "/jobs/templates?limit=1000", null)
            .await(30, TimeUnit.SECONDS);
    JsonArray all = templates.json().getJsonArray("templates", new JsonArray());
    Long templateId = null;
    for (int i = 0; i < all.size(); i++) {
      if (WELCOME_TEMPLATE.equals(all.getJsonObject(i).getString("name"))) {
        templateId = all.getJsonObject(i).getLong("id");
      }
    }
    if (templateId == null) {
      LOG.info("demo: no \"{}\" template to queue a first job with", WELCOME_TEMPLATE);
      return;
    }
    JsonObject execute =
        new JsonObject()
            .put("job_name", "demo: health check")
            .put("template_id", templateId)
            .put("target_type", "group")
            .put("target_groups", new JsonArray().add(GROUP))
            .put("parameters", new JsonObject().put("SERVICE_NAME", "nginx"));
    FleetHttp.Answer queued =
        simulator
            .operatorCall(HttpMethod.POST, "/jobs/execute", execute)
            .await(30, TimeUnit.SECONDS);
    if (queued.status() == 201) {
      LOG.info(
          "demo: queued job {} (\"{}\") on group \"{}\"",
          queued.json().getJsonObject("job").getString("job_id"),
          WELCOME_TEMPLATE,
          GROUP);
    } else {
      LOG.warn("demo: could not queue a first job: HTTP {} {}", queued.status(), queued.body());
    }
  }

  @Override
  public void close() {
    simulator.close();
  }
}
