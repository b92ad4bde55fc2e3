package io.devicejobs.http;

import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Map;

/** A request that passed the contract's checks: its parameters and body, converted to their types. */
record CheckedRequest(
    Map<String, RequestParameter> headers,
    Map<String, RequestParameter> path,
    Map<String, RequestParameter> query,
    RequestParameter body)
    implements ValidatedRequest {

  @Override
  public Map<String, RequestParameter> getCookies() {
    return Map.of();
  }

  @Override
  public Map<String, RequestParameter> getPathParameters() {
    return path;
  }

  @Override
  public Map<String, RequestParameter> getQuery() {
    return query;
  }

  @Override
  public Map<String, RequestParameter> getHeaders() {
    return headers;
  }

  @Override
  public RequestParameter getBody() {
    return body;
  }
}
