package io.devicejobs.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contract's path templates in vertx-web's route syntax. */
public final class ContractPaths {
  private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^{}/]+)}");

  private ContractPaths() {}

  /** {@code /devices/{uuid}/jobs/next} becomes {@code /devices/:uuid/jobs/next}. */
  public static String toRouterPath(String openApiPath) {
    return TEMPLATE_PARAMETER
        .matcher(openApiPath)
        .replaceAll(m -> ":" + Matcher.quoteReplacement(m.group(1)));
  }
}
