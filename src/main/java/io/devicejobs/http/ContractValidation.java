package io.devicejobs.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates a request against its operation in the contract, on the event loop, with the library's own parameter
 * and body checks over validators built once ({@link CachingContract}).
 *
 * <p>The checks are the library's own, called through its public API (parameter transformers, schema
 * validators, content analysers and error factories) the way its request validator combines them.
 * The 5.0.x router's validation moves every request to a worker thread and back ({@code executeBlocking}) and
 * builds its validators anew each time; with the validators kept, a check takes microseconds, less than the hop.
 * Bodies are capped before this runs (the body limit), so no check can hold the event loop for long. The outcome
 * is the router's: the validated request under {@link RouterBuilder#KEY_META_DATA_VALIDATED_REQUEST}, or a 400
 * carrying the {@link ValidatorException} for the error responder.
 */
public final class ContractValidation {
  private final RequestExtractor extractor;
  private final SchemaRepository schemas;
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);

  public ContractValidation(Vertx vertx, OpenAPIContract contract, RequestExtractor extractor) {
    this.extractor = extractor;
    this.schemas = new CachingContract(contract).getSchemaRepository();
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
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
                  } catch (ApiError e) {
                    ctx.fail(e);
                    return;
                  }
                  ctx.next();
                });
  }

  private CheckedRequest validate(Operation operation, ValidatableRequest request) {
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case HEADER ->
            headers.put(name, validateParameter(parameter, request.getHeaders().get(name)));
        case PATH ->
            path.put(name, validateParameter(parameter, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validateParameter(parameter, request.getQuery().get(name)));
        default ->
            throw new IllegalStateException("cookie parameters are not used by this API: " + name);
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new CheckedRequest(
        Collections.unmodifiableMap(headers),
        Collections.unmodifiableMap(path),
        Collections.unmodifiableMap(query),
        body);
  }

  private RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw ValidatorException.createMissingRequiredParameter(parameter);
      }
      return ParameterValue.ABSENT;
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw ValidatorException.createUnsupportedValueFormat(parameter);
    }
    Object transformed = transformer.transform(parameter, String.valueOf(value.get()));
    if (!Text.storable(transformed)) {
      // One rule for every parameter: such a value would fail in the database, not as a 400.
      String message =
          parameter.getIn().name().toLowerCase(Locale.ROOT)
              + " parameter "
              + parameter.getName()
              + " must not contain NUL characters or unpaired surrogates";
      throw ApiError.validation(message, List.of(ApiError.detail("", message)));
    }
    OutputUnit result = schemas.validator(parameter.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      return new ParameterValue(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
    }
  }

  private RequestParameter validateBody(RequestBody requestBody, ValidatableRequest request) {
    if (requestBody == null) {
      return ParameterValue.ABSENT;
    }
    if (request.getBody() == null || request.getBody().isEmpty()) {
      if (requestBody.isRequired()) {
        throw new ValidatorException(
            "The related request does not contain the required body.",
            ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return ParameterValue.ABSENT;
    }
    MediaType mediaType = requestBody.determineContentType(request.getContentType());
    Buffer content = request.getBody().getBuffer(Buffer.buffer());
    ContentAnalyser analyser =
        mediaType == null
            ? null
            : ContentAnalyser.getContentAnalyser(
                mediaType, request.getContentType(), content, ValidationContext.REQUEST);
    if (analyser == null) {
      throw new ValidatorException(
          "The format of the request body is not supported",
          ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    if (mediaType.getSchema() == null) {
      return new ParameterValue(content);
    }
    Object transformed = analyser.transform();
    OutputUnit result = schemas.validator(mediaType.getSchema()).validate(transformed);
    try {
      result.checkValidity();
      return new ParameterValue(transformed);
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
    }
  }
}
