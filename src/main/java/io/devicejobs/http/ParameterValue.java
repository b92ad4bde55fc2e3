package io.devicejobs.http;

import io.vertx.openapi.validation.RequestParameter;

/** One request parameter or body as the validator takes and gives it (null when absent). */
final class ParameterValue implements RequestParameter {
  static final ParameterValue ABSENT = new ParameterValue(null);

  private final Object value;

  ParameterValue(Object value) {
    this.value = value;
  }

  @Override
  public Object get() {
    return value;
  }
}
