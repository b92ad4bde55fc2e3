package io.devicejobs.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MeterSetupTest {
  @Test
  void subRoutedNamesBecomeTheTemplateAClientSees() {
    assertEquals(
        "/api/v1/jobs/templates/:id", MeterSetup.routeTemplate("/api/v1/>/jobs/templates/:id"));
    // The access guard's route and the operation's route, both matched.
    assertEquals(
        "/api/v1/devices/:uuid",
        MeterSetup.routeTemplate("/api/v1/>/devices/:uuid>/devices/:uuid"));
    // A failure handled by a root route after the sub-router.
    assertEquals(
        "/api/v1/devices/:uuid/jobs/:job_id/status",
        MeterSetup.routeTemplate(
            "/api/v1/>/devices/:uuid/jobs/:job_id/status>/devices/:uuid/jobs/:job_id/status>/api/v1/>"
                + "/api/v1/devices/:uuid/jobs/:job_id/status"));
    assertEquals("/api/v1/", MeterSetup.routeTemplate("/api/v1/>"));
  }

  @Test
  void plainNamesStayAsTheyAre() {
    assertEquals(
        "/api/v1/devices/:uuid/jobs/next",
        MeterSetup.routeTemplate("/api/v1/devices/:uuid/jobs/next"));
    assertEquals("", MeterSetup.routeTemplate(""));
  }
}
