package io.devicejobs.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request as it goes on the wire. Path values, the query and header values are kept exactly as sent (each
 * char one byte of ISO-8859-1), so a case can carry broken escapes and bytes that are not UTF-8.
 */
record FuzzRequest(
    String method,
    String path,
    Map<String, String> pathValues,
    String query,
    Map<String, String> headers,
    byte[] body,
    boolean framed) {
  /** What the server's HTTP layer accepts by default: longer request lines get 414, larger heads 431. */
  private static final int MAX_REQUEST_LINE = 4096;

  private static final int MAX_HEAD = 8192;

  FuzzRequest withMethod(String value) {
    return new FuzzRequest(value, path, pathValues, query, headers, body, framed);
  }

  FuzzRequest withPath(String value) {
    return new FuzzRequest(method, value, pathValues, query, headers, body, framed);
  }

  FuzzRequest withPathValue(String name, String sent) {
    Map<String, String> values = new LinkedHashMap<>(pathValues);
    values.put(name, sent);
    return new FuzzRequest(method, path, values, query, headers, body, framed);
  }

  FuzzRequest withQuery(String sent) {
    return new FuzzRequest(method, path, pathValues, sent, headers, body, framed);
  }

  /** A header set to the value as sent; null removes it. */
  FuzzRequest withHeader(String name, String sent) {
    Map<String, String> values = new LinkedHashMap<>(headers);
    if (sent == null) {
      values.remove(name);
    } else {
      values.put(name, sent);
    }
    return new FuzzRequest(method, path, pathValues, query, values, body, framed);
  }

  FuzzRequest withBody(byte[] value) {
    return new FuzzRequest(method, path, pathValues, query, headers, value, false);
  }

  FuzzRequest withBody(String contentType, byte[] value) {
    return withHeader("Content-Type", contentType).withBody(value);
  }

  /** A body sent as it is, framed by the case's own headers (no Content-Length is added). */
  FuzzRequest withFramedBody(byte[] value) {
    return new FuzzRequest(method, path, pathValues, query, headers, value, true);
  }

  /**
   * Whether this is not an HTTP/1.1 request the server must understand: a target that is not a valid URI (a raw
   * byte, a broken escape) or longer than the server's limit, a header with control characters, a head over the
   * limit, or a body framed by the case itself (which frames it wrongly on purpose, except one valid chunked
   * body). The HTTP layer may refuse those with a bare 4xx or close the connection.
   */
  boolean malformedHttp() {
    String line = method + " " + target() + " HTTP/1.1";
    return framed
        || line.length() > MAX_REQUEST_LINE
        || head().length() > MAX_HEAD
        || !validUri(target())
        || headers.values().stream().anyMatch(FuzzRequest::hasControlCharacters);
  }

  private static boolean validUri(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '%') {
        if (i + 2 >= target.length()
            || !isHex(target.charAt(i + 1))
            || !isHex(target.charAt(i + 2))) {
          return false;
        }
      } else if (c <= ' ' || c >= 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static boolean hasControlCharacters(String value) {
    return value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7F);
  }

  /** The path as sent, with the API base and the query. */
  String target() {
    String target = path;
    for (Map.Entry<String, String> value : pathValues.entrySet()) {
      target = target.replace("{" + value.getKey() + "}", value.getValue());
    }
    return "/api/v1" + target + (query == null ? "" : "?" + query);
  }

  /** The request line and headers, without the blank line. */
  String head() {
    StringBuilder head = new StringBuilder(method).append(' ').append(target()).append(" HTTP/1.1");
    headers.forEach((name, value) -> head.append("\r\n").append(name).append(": ").append(value));
    return head.toString();
  }

  /** The request line and a short view of the rest, for failure messages. */
  String describe() {
    String line = method + " " + target();
    StringBuilder out =
        new StringBuilder(line.length() > 200 ? line.substring(0, 200) + "…" : line);
    headers.forEach(
        (name, value) -> {
          if (!name.equals("Authorization")) {
            out.append(" [")
                .append(name)
                .append(": ")
                .append(value.length() > 60 ? value.substring(0, 60) + "…" : value)
                .append(']');
          }
        });
    if (body != null) {
      String text = new String(body, StandardCharsets.UTF_8);
      out.append(" body(")
          .append(body.length)
          .append(" bytes): ")
          .append(text.length() > 160 ? text.substring(0, 160) + "…" : text);
    }
    return out.toString();
  }
}
