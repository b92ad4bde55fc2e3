package io.devicejobs.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * Binds handlers to the contract's operations by operationId, failing fast when code and contract drift. Each
 * handler runs after the contract's validation of its request ({@link ContractValidation}).
 */
public final class Routes {
  private final RouterBuilder builder;
  private final ContractValidation validation;

  public Routes(RouterBuilder builder, ContractValidation validation) {
    this.builder = builder;
    this.validation = validation;
  }

  /** Routes for every operation of the contract, each validated by {@link ContractValidation}. */
  public static Routes of(Vertx vertx, OpenAPIContract contract) {
    ExactRequestExtractor extractor = new ExactRequestExtractor();
    return new Routes(
        RouterBuilder.create(vertx, contract, extractor),
        new ContractValidation(vertx, contract, extractor));
  }

  /** The router of the contract's operations, once every handler is bound. */
  public Router createRouter() {
    return builder.createRouter();
  }

  public Routes on(String operationId, Handler<RoutingContext> handler) {
    OpenAPIRoute route = route(operationId).setDoValidation(false);
    route.addHandler(validation.of(route.getOperation())).addHandler(handler);
    return this;
  }

  public OpenAPIRoute route(String operationId) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("the contract has no operation " + operationId);
    }
    return route;
  }

  /** Operations of the contract that no handler serves yet answer 501 in the error model. */
  public void notImplementedForTheRest() {
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (route.getHandlers().isEmpty()) {
        String operationId = route.getOperation().getOperationId();
        route
            .setDoValidation(false)
            .addHandler(
                ctx ->
                    ErrorResponder.send(
                        ctx,
                        new ApiError(
                            501,
                            "not_implemented",
                            "operation "
                                + operationId
                                + " is part of the API contract but not implemented by this server version",
                            null)));
      }
    }
  }
}
