package io.devicejobs.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which operation a request really reaches. A case aimed at one operation can land on another: dot segments are
 * removed before routing ({@code /groups/x/devices/u/../..} is {@code /groups/x}), as RFC 3986 says they must.
 */
final class OperationMatcher {
  private static final String BASE = "/api/v1";
  private final List<ContractOperation> operations;

  OperationMatcher(List<ContractOperation> operations) {
    this.operations = operations;
  }

  /** The operation the server routes this request to, or null when it routes it to none. */
  ContractOperation find(String method, String target) {
    String path = normalize(target.split("\\?", 2)[0]);
    if (!path.startsWith(BASE + "/")) {
      return null;
    }
    String[] segments = trimSlash(path.substring(BASE.length())).split("/", -1);
    ContractOperation best = null;
    int bestLiterals = -1;
    for (ContractOperation op : operations) {
      int literals = literalsMatched(op.path().split("/", -1), segments);
      if (literals > bestLiterals && op.method().equals(method.toLowerCase(Locale.ROOT))) {
        best = op;
        bestLiterals = literals;
      }
    }
    return best;
  }

  /** How many literal segments of the template match, or -1 when the path does not fit the template. */
  private static int literalsMatched(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return -1;
    }
    int literals = 0;
    for (int i = 0; i < template.length; i++) {
      if (template[i].startsWith("{")) {
        if (segments[i].isEmpty()) {
          return -1;
        }
      } else if (template[i].equals(segments[i])) {
        literals++;
      } else {
        return -1;
      }
    }
    return literals;
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * Escapes of unreserved characters decoded, repeated slashes joined, then dot segments removed (RFC 3986,
   * 6.2.2 and 5.2.4).
   */
  static String normalize(String path) {
    StringBuilder decoded = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        int value = hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2));
        if (value >= 0 && unreserved((char) value)) {
          decoded.append((char) value);
          i += 2;
          continue;
        }
      }
      decoded.append(c);
    }
    List<String> out = new ArrayList<>();
    // The router also treats repeated slashes as one.
    String[] segments = decoded.toString().replaceAll("/{2,}", "/").split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      switch (segments[i]) {
        case "." -> {
          if (last) {
            out.add("");
          }
        }
        case ".." -> {
          if (!out.isEmpty()) {
            out.remove(out.size() - 1);
          }
          if (last) {
            out.add("");
          }
        }
        default -> out.add(segments[i]);
      }
    }
    return "/" + String.join("/", out);
  }

  private static int hex(char c) {
    int digit = Character.digit(c, 16);
    return digit < 0 ? -1000 : digit;
  }

  private static boolean unreserved(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || "-._~".indexOf(c) >= 0;
  }
}
