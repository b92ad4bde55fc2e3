package io.devicejobs.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** Builds the whole router of one HTTP verticle from the loaded contract (the composition root does). */
@FunctionalInterface
public interface RouterFactory {
  Router create(Vertx vertx, Contract.Loaded contract);
}
