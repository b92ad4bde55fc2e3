package io.devicejobs.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.Map;

/**
 * Validates a request against its operation in the contract, on the event loop, with the library's own parameter
 * and body checks over validators built once ({@link CachingContract}).
 *
 * <p>The 5.0.x router's validation moves every request to a worker thread and back ({@code executeBlocking}) and
 * builds its validators anew each time; with the validators kept, a check takes microseconds, less than the hop.
 * Bodies are capped before this runs (the body limit), so no check can hold the event loop for long. The outcome
 * is the router's: the validated request under {@link RouterBuilder#KEY_META_DATA_VALIDATED_REQUEST}, or a 400
 * carrying the {@link ValidatorException} for the error responder.
 */
public final class ContractValidation {
  private final RequestExtractor extractor;
  private final RequestValidatorImpl validator;

  public ContractValidation(Vertx vertx, OpenAPIContract contract, RequestExtractor extractor) {
    this.extractor = extractor;
    this.validator = new RequestValidatorImpl(vertx, new CachingContract(contract));
  }

  /** The validation step of one operation's route. */
  public Handler<RoutingContext> of(Operation operation) {
    return ctx ->
        extractor
            .extractValidatableRequest(ctx, operation)
            .onComplete(
                extracted -> {
                  if (extracted.failed()) {
                    ctx.fail(extracted.cause());
                    return;
                  }
                  try {
                    ctx.put(
                        RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST,
                        validate(operation, extracted.result()));
                  } catch (ValidatorException e) {
                    ctx.fail(new HttpException(400, e.getMessage(), e));
                    return;
                  }
                  ctx.next();
                });
  }

  private ValidatedRequestImpl validate(Operation operation, ValidatableRequest request) {
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case HEADER ->
            headers.put(
                name, validator.validateParameter(parameter, request.getHeaders().get(name)));
        case PATH ->
            path.put(
                name,
                validator.validateParameter(parameter, request.getPathParameters().get(name)));
        case QUERY ->
            query.put(name, validator.validateParameter(parameter, request.getQuery().get(name)));
        default ->
            throw new IllegalStateException("cookie parameters are not used by this API: " + name);
      }
    }
    RequestParameter body = validator.validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(Map.of(), headers, path, query, body);
  }
}
