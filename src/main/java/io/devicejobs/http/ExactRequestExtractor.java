package io.devicejobs.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hands parameters to the contract's validator exactly as the client sent them.
 *
 * <p>The 5.0.x extractor decodes query and path values a second time (so {@code +} turns into a space and
 * {@code 100%25} fails) and lets number-like strings such as {@code 3.0} be coerced to numbers. Here every value
 * is taken once-decoded from vertx-web, and string-typed values are passed as JSON string literals, which the
 * validator decodes back to the very same string. It also answers 415 for a body that is not JSON.
 */
public final class ExactRequestExtractor implements RequestExtractor {

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(
      RoutingContext ctx, Operation operation) {
    try {
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter parameter : operation.getParameters()) {
        switch (parameter.getIn()) {
          case PATH:
            path.put(
                parameter.getName(),
                asValidatorInput(parameter, ctx.pathParam(parameter.getName())));
            break;
          case QUERY:
            query.put(
                parameter.getName(),
                asValidatorInput(parameter, ctx.queryParams().get(parameter.getName())));
            break;
          case HEADER:
            headers.put(
                parameter.getName(),
                asValidatorInput(parameter, ctx.request().getHeader(parameter.getName())));
            break;
          default:
            throw new IllegalStateException(
                "cookie parameters are not used by this API: " + parameter.getName());
        }
      }
      if (operation.getRequestBody() == null) {
        return Future.succeededFuture(
            new ExtractedRequest(headers, path, query, ParameterValue.ABSENT, null));
      }
      Buffer body = ctx.body().buffer();
      String contentType = ctx.request().getHeader("Content-Type");
      if (body != null && body.length() > 0 && !isJson(contentType)) {
        return Future.failedFuture(
            new ApiError(
                415,
                "unsupported_media_type",
                "the request body must be application/json, got "
                    + (contentType == null ? "no Content-Type" : contentType),
                null));
      }
      return Future.succeededFuture(
          new ExtractedRequest(headers, path, query, new ParameterValue(body), "application/json"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static RequestParameter asValidatorInput(Parameter parameter, String value) {
    if (value == null) {
      return ParameterValue.ABSENT;
    }
    if (parameter.getSchemaType() == SchemaType.STRING) {
      return new ParameterValue(Json.encode(value));
    }
    return new ParameterValue(value);
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || mediaType.startsWith("application/") && mediaType.endsWith("+json");
  }
}
