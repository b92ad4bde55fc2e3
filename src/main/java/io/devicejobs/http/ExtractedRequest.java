package io.devicejobs.http;

import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.Map;

/** A request's parameters and body as extracted for validation; this API uses no cookies. */
record ExtractedRequest(
    Map<String, RequestParameter> headers,
    Map<String, RequestParameter> path,
    Map<String, RequestParameter> query,
    RequestParameter body,
    String contentType)
    implements ValidatableRequest {

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

  @Override
  public String getContentType() {
    return contentType;
  }
}
