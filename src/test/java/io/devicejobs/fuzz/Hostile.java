package io.devicejobs.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile values, by kind. Each has the bytes it stands for as text (what a path, query or header parameter
 * carries once decoded, which may be invalid UTF-8) and its form as a JSON value in a body (which may be a
 * number, a structure, an escape such as a lone surrogate, or raw bytes that are not UTF-8).
 */
record Hostile(Kind kind, String label, byte[] text, byte[] json) {

  enum Kind {
    NUL,
    LONE_SURROGATE,
    NOT_UTF8,
    HUGE_NUMBER,
    WRONG_TYPE,
    SQL,
    SHELL,
    PATH_TRAVERSAL,
    OVERSIZED,
    DEEP_NESTING,
    ODD_TEXT
  }

  private static final Map<Kind, List<Hostile>> CATALOGUE = new EnumMap<>(Kind.class);

  static {
    text(Kind.NUL, "nul", "\0");
    text(Kind.NUL, "nul inside", "fz\0fz");
    escaped(Kind.NUL, "nul at end", "fz\0", "\"fz\\u0000\"");
    escaped(Kind.LONE_SURROGATE, "lone high surrogate", bytes(0xED, 0xA0, 0x80), "\"\\ud800\"");
    escaped(
        Kind.LONE_SURROGATE, "lone low surrogate", bytes('x', 0xED, 0xB0, 0x80), "\"x\\udc00\"");
    escaped(
        Kind.LONE_SURROGATE,
        "reversed surrogate pair",
        bytes(0xED, 0xB0, 0x80, 0xED, 0xA0, 0x80),
        "\"\\udc00\\ud800\"");
    raw(Kind.NOT_UTF8, "0xff 0xfe", bytes(0xFF, 0xFE));
    raw(Kind.NOT_UTF8, "truncated sequence", bytes('f', 'z', 0xC3));
    raw(Kind.NOT_UTF8, "overlong slash", bytes(0xC0, 0xAF));
    raw(Kind.NOT_UTF8, "lone continuation byte", bytes(0x80, 'z'));
    number(Kind.HUGE_NUMBER, "30 digits", "123456789012345678901234567890");
    number(Kind.HUGE_NUMBER, "1e400", "1e400");
    number(Kind.HUGE_NUMBER, "below long", "-9223372036854775809");
    number(Kind.HUGE_NUMBER, "above int", "2147483648");
    number(Kind.HUGE_NUMBER, "2^53 + 1", "9007199254740993");
    number(Kind.HUGE_NUMBER, "fraction", "1.5");
    number(Kind.HUGE_NUMBER, "negative", "-1");
    number(Kind.HUGE_NUMBER, "zero", "0");
    number(Kind.HUGE_NUMBER, "5000 digits", "9".repeat(5000));
    structure(Kind.WRONG_TYPE, "null", "null");
    structure(Kind.WRONG_TYPE, "true", "true");
    structure(Kind.WRONG_TYPE, "empty array", "[]");
    structure(Kind.WRONG_TYPE, "empty object", "{}");
    structure(Kind.WRONG_TYPE, "number as string", "\"1\"");
    structure(Kind.WRONG_TYPE, "array of null", "[null]");
    structure(Kind.WRONG_TYPE, "operator object", "{\"$ne\":null}");
    text(Kind.SQL, "or 1=1", "' OR '1'='1");
    text(Kind.SQL, "drop table", "x'); DROP TABLE devices; --");
    text(Kind.SQL, "union", "\\' UNION SELECT key_hash FROM api_keys --");
    text(Kind.SQL, "like wildcards", "%_%\\");
    text(Kind.SHELL, "command substitution", "$(reboot)");
    text(Kind.SHELL, "backticks", "`id`");
    text(Kind.SHELL, "separator", "; rm -rf / #");
    text(Kind.SHELL, "pipe", "| cat /etc/shadow");
    text(Kind.PATH_TRAVERSAL, "dot dot slash", "../../../../etc/passwd");
    text(Kind.PATH_TRAVERSAL, "encoded dot dot", "..%2f..%2fetc%2fpasswd");
    text(Kind.PATH_TRAVERSAL, "backslashes", "..\\..\\..\\boot.ini");
    text(Kind.PATH_TRAVERSAL, "dot dot", "..");
    text(Kind.PATH_TRAVERSAL, "absolute", "/etc/passwd");
    text(Kind.OVERSIZED, "70,000 letters", "a".repeat(70_000));
    text(Kind.OVERSIZED, "5,000 two-byte letters", "é".repeat(5_000));
    structure(Kind.OVERSIZED, "5,000 items", "[" + "\"a\",".repeat(4_999) + "\"a\"]");
    structure(Kind.DEEP_NESTING, "3,000 arrays", "[".repeat(3_000) + "]".repeat(3_000));
    structure(
        Kind.DEEP_NESTING, "2,000 objects", "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000));
    text(Kind.ODD_TEXT, "empty", "");
    text(Kind.ODD_TEXT, "blank", " ");
    text(Kind.ODD_TEXT, "format string", "%s%s%n%x");
    text(Kind.ODD_TEXT, "placeholder", "{{ADMIN_API_KEY}}");
    text(Kind.ODD_TEXT, "lookup", "${jndi:ldap://127.0.0.1:1/a}");
    text(Kind.ODD_TEXT, "right-to-left override", "\u202Efz");
    text(Kind.ODD_TEXT, "emoji", "\uD83D\uDE00");
    text(Kind.ODD_TEXT, "crlf", "fz\r\nX-Injected: 1");
    text(Kind.ODD_TEXT, "control characters", "\u0001\u001b[2J\u007f");
  }

  /** {@code perKind} values of every kind, picked by {@code random}. */
  static List<Hostile> pick(Random random, int perKind) {
    List<Hostile> picked = new ArrayList<>();
    for (List<Hostile> ofKind : CATALOGUE.values()) {
      List<Hostile> left = new ArrayList<>(ofKind);
      for (int i = 0; i < perKind && !left.isEmpty(); i++) {
        picked.add(left.remove(random.nextInt(left.size())));
      }
    }
    return picked;
  }

  /** Plain text: a JSON string in a body. */
  private static void text(Kind kind, String label, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    add(kind, label, utf8, jsonString(utf8));
  }

  /** Bytes that are not valid UTF-8 (or not text at all): a JSON string with the same raw bytes. */
  private static void raw(Kind kind, String label, byte[] value) {
    add(kind, label, value, jsonString(value));
  }

  /** Text whose JSON form needs an escape (a character JSON text cannot carry raw). */
  private static void escaped(Kind kind, String label, String value, String json) {
    escaped(kind, label, value.getBytes(StandardCharsets.UTF_8), json);
  }

  private static void escaped(Kind kind, String label, byte[] value, String json) {
    add(kind, label, value, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void number(Kind kind, String label, String literal) {
    structure(kind, label, literal);
  }

  /** A JSON value that is not a string in a body; its text in a parameter. */
  private static void structure(Kind kind, String label, String json) {
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    add(kind, label, utf8, utf8);
  }

  private static void add(Kind kind, String label, byte[] text, byte[] json) {
    CATALOGUE
        .computeIfAbsent(kind, k -> new ArrayList<>())
        .add(new Hostile(kind, label, text, json));
  }

  /** A JSON string of these bytes: quotes, backslashes and control characters escaped, other bytes as they are. */
  static byte[] jsonString(byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 2);
    out.write('"');
    for (byte b : value) {
      int c = b & 0xFF;
      if (c == '"' || c == '\\') {
        out.write('\\');
        out.write(c);
      } else if (c < 0x20) {
        out.writeBytes(String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(c);
      }
    }
    out.write('"');
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Override
  public String toString() {
    return kind + " " + label;
  }
}
