package io.devicejobs.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Derives the cases of one operation from its contract: a valid request built on the operation's fixture, then
 * that request with one thing broken at a time — each path, query and header parameter and each body field (down
 * to the leaves of the valid body) set to hostile values, and the body, content type, credentials, framing and
 * target broken as a whole. Which values of each kind a target gets is drawn from the seed.
 */
final class CaseGenerator {
  private static final String SLOT = "fz-slot-5e1f";

  private final ContractDocument contract;
  private final long seed;
  private final int perKind;

  CaseGenerator(ContractDocument contract, long seed, int perKind) {
    this.contract = contract;
    this.seed = seed;
    this.perKind = perKind;
  }

  List<FuzzCase> cases(ContractOperation op, OperationFixture fixture, String prefix) {
    ValidInstances valid = new ValidInstances(contract, fixture, prefix);
    JsonObject body = op.hasBody() ? valid.object(op.bodySchema()) : null;
    FuzzRequest baseline = baseline(op, fixture, valid, body);
    Cases out = new Cases(op);
    out.add("the valid request", baseline);
    for (ContractOperation.Parameter p : op.parameters("path")) {
      pathParameter(out, baseline, p);
    }
    for (ContractOperation.Parameter p : op.parameters("query")) {
      queryParameter(out, baseline, p.name());
    }
    queryParameter(out, baseline, "fz_undeclared");
    for (ContractOperation.Parameter p : op.parameters("header")) {
      header(out, baseline, p.name());
    }
    credentials(out, baseline, op);
    header(out, baseline, "X-Request-Id");
    if (body != null) {
      for (String pointer : targets(op, body)) {
        for (Hostile h : pick(op, "body " + pointer)) {
          out.add(
              "body " + pointer + " = " + h, baseline.withBody(splice(body, pointer, h.json())));
        }
      }
      wholeBody(out, baseline, body);
    } else {
      out.add(
          "a body where none belongs", baseline.withBody("application/json", utf8("{\"a\":1}")));
      out.add("a broken body where none belongs", baseline.withBody("text/plain", utf8("{")));
    }
    framing(out, baseline, body);
    target(out, baseline);
    return out.list;
  }

  private static FuzzRequest baseline(
      ContractOperation op, OperationFixture fixture, ValidInstances valid, JsonObject body) {
    Map<String, String> path = new LinkedHashMap<>();
    for (ContractOperation.Parameter p : op.parameters("path")) {
      String value = fixture.pathValue(op.path(), p.name());
      path.put(
          p.name(), percent(utf8(value != null ? value : String.valueOf(valid.of(p.schema())))));
    }
    List<String> query = new ArrayList<>();
    for (ContractOperation.Parameter p : op.parameters("query")) {
      if (p.required()) {
        query.add(p.name() + "=" + percent(utf8(String.valueOf(valid.of(p.schema())))));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + fixture.credential(op));
    FuzzRequest request =
        new FuzzRequest(
            op.method().toUpperCase(),
            op.path(),
            path,
            query.isEmpty() ? null : String.join("&", query),
            headers,
            null,
            false);
    return body == null ? request : request.withBody("application/json", utf8(body.encode()));
  }

  private void pathParameter(Cases out, FuzzRequest baseline, ContractOperation.Parameter p) {
    String name = p.name();
    for (Hostile h : pick(out.op, "path " + name)) {
      out.add("path {" + name + "} = " + h, baseline.withPathValue(name, percent(h.text())));
    }
    for (String raw :
        List.of("%", "%zz", "%u0000", "%C0%80", "a%2Fb", latin1(Hostile.bytes(0xFF)))) {
      out.add("path {" + name + "} raw " + raw, baseline.withPathValue(name, raw));
    }
  }

  private void queryParameter(Cases out, FuzzRequest baseline, String name) {
    String others = baseline.query() == null ? "" : "&" + baseline.query();
    for (Hostile h : pick(out.op, "query " + name)) {
      out.add(
          "query " + name + " = " + h, baseline.withQuery(name + "=" + percent(h.text()) + others));
    }
    for (String raw :
        List.of("%", "%zz", "+", "%2B%25", "a&" + name + "=b", "", latin1(Hostile.bytes(0xC3)))) {
      out.add("query " + name + " raw " + raw, baseline.withQuery(name + "=" + raw + others));
    }
    out.add("query " + name + " without value", baseline.withQuery(name + others));
  }

  /** A header set to hostile values as raw bytes (CR and LF, which would end the header, percent-encoded). */
  private void header(Cases out, FuzzRequest baseline, String name) {
    for (Hostile h : pick(out.op, "header " + name)) {
      out.add("header " + name + " = " + h, baseline.withHeader(name, headerValue(h.text())));
    }
  }

  private void credentials(Cases out, FuzzRequest baseline, ContractOperation op) {
    for (String value :
        List.of(
            "Bearer",
            "Bearer ",
            "Basic YWRtaW46YWRtaW4=",
            "Bearer djk_" + "x".repeat(60),
            "Bearer djd_' OR '1'='1",
            "Bearer djp_" + "a".repeat(10_000),
            "Bearer " + latin1(Hostile.bytes(0xFF, 0xFE, 0x00)),
            "bearer " + TOKEN_PLACEHOLDER)) {
      String sent = value.replace(TOKEN_PLACEHOLDER, tokenOf(baseline));
      out.add("credentials " + abbreviate(value), baseline.withHeader("Authorization", sent));
    }
    out.add("no credentials", baseline.withHeader("Authorization", null));
    if (op.access().devices()) {
      for (Hostile h : pick(op, "header X-Device-API-Key")) {
        out.add(
            "device key header = " + h,
            baseline
                .withHeader("Authorization", null)
                .withHeader("X-Device-API-Key", headerValue(h.text())));
      }
    }
  }

  private static final String TOKEN_PLACEHOLDER = "<token>";

  private static String tokenOf(FuzzRequest request) {
    return request.headers().get("Authorization").substring("Bearer ".length());
  }

  /** The valid body's fields (declared ones too when absent) and its leaves, as JSON pointers. */
  private Set<String> targets(ContractOperation op, JsonObject body) {
    Set<String> pointers = new LinkedHashSet<>();
    contract.properties(op.bodySchema()).keySet().forEach(name -> pointers.add("/" + name));
    leaves(body, "", pointers);
    return pointers;
  }

  private static void leaves(Object value, String pointer, Set<String> out) {
    if (value instanceof JsonObject object) {
      object.fieldNames().forEach(f -> leaves(object.getValue(f), pointer + "/" + f, out));
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < Math.min(2, array.size()); i++) {
        leaves(array.getValue(i), pointer + "/" + i, out);
      }
    } else {
      out.add(pointer);
    }
  }

  private void wholeBody(Cases out, FuzzRequest baseline, JsonObject body) {
    byte[] valid = utf8(body.encode());
    for (String type :
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=fz",
            "application/vnd.fz+json",
            "APPLICATION/JSON",
            "application/json;;;charset",
            "*/*",
            "")) {
      out.add("content type " + type, baseline.withBody(type, valid));
    }
    out.add("no content type", baseline.withHeader("Content-Type", null).withBody(valid));
    out.add(
        "UTF-16 body",
        baseline.withBody(
            "application/json; charset=utf-16", body.encode().getBytes(StandardCharsets.UTF_16)));
    out.add(
        "ISO-8859-1 body",
        baseline.withBody(
            "application/json; charset=iso-8859-1",
            body.put("fz", "é").encode().getBytes(StandardCharsets.ISO_8859_1)));
    body.remove("fz");
    String text = body.encode();
    for (String broken :
        List.of(
            "",
            " ",
            "{",
            "}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{'a':1}",
            text + "x",
            text + text,
            "\uFEFF" + text,
            "NaN",
            "null",
            "[]",
            "\"text\"",
            "12",
            "true",
            "{\"\\u0000\":1}",
            "{\"\\ud800\":1}",
            "[".repeat(100_000),
            "{\"a\":".repeat(50_000),
            "[".repeat(5_000) + "]".repeat(5_000))) {
      out.add("body " + abbreviate(broken), baseline.withBody(utf8(broken)));
    }
    Random random = random(out.op, "whole body");
    byte[] noise = new byte[256];
    random.nextBytes(noise);
    out.add("random bytes", baseline.withBody(noise));
    out.add(
        "over the body limit",
        baseline.withBody(utf8("{\"fz\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}")));
    JsonObject manyKeys = body.copy();
    for (int i = 0; i < 3_000; i++) {
      manyKeys.put("k" + i, i);
    }
    out.add("3,000 unknown fields", baseline.withBody(utf8(manyKeys.encode())));
    out.add(
        "an unknown field",
        baseline.withBody(utf8(body.copy().put("fz_unknown", new JsonObject()).encode())));
    out.add(
        "__proto__",
        baseline.withBody(
            utf8(body.copy().put("__proto__", new JsonObject().put("admin", true)).encode())));
    String first = body.fieldNames().stream().findFirst().orElse("fz");
    out.add(
        "a duplicate field",
        baseline.withBody(utf8(text.substring(0, text.length() - 1) + ",\"" + first + "\":null}")));
  }

  /** Chunked bodies, valid and not, and framing headers that contradict each other. */
  private static void framing(Cases out, FuzzRequest baseline, JsonObject body) {
    byte[] content = utf8(body == null ? "" : body.encode());
    ByteArrayOutputStream chunked = new ByteArrayOutputStream();
    if (content.length > 0) {
      chunked.writeBytes(utf8(Integer.toHexString(content.length) + "\r\n"));
      chunked.writeBytes(content);
      chunked.writeBytes(utf8("\r\n"));
    }
    chunked.writeBytes(utf8("0\r\n\r\n"));
    FuzzRequest chunks = baseline.withHeader("Transfer-Encoding", "chunked");
    out.add("chunked body", chunks.withFramedBody(chunked.toByteArray()));
    out.add("broken chunk size", chunks.withFramedBody(utf8("zz\r\n{}\r\n0\r\n\r\n")));
    out.add(
        "Transfer-Encoding and Content-Length",
        chunks.withHeader("Content-Length", "3").withFramedBody(chunked.toByteArray()));
    out.add(
        "negative Content-Length",
        baseline.withHeader("Content-Length", "-1").withFramedBody(new byte[0]));
    out.add("header of 20,000 bytes", baseline.withHeader("X-Fz", "a".repeat(20_000)));
  }

  private static void target(Cases out, FuzzRequest baseline) {
    String path = baseline.path();
    out.add("trailing slash", baseline.withPath(path + "/"));
    out.add("double slash", baseline.withPath("/" + path));
    out.add("dot segment", baseline.withPath("/." + path));
    out.add("dot-dot segment", baseline.withPath(path + "/../.."));
    out.add("encoded dot-dot", baseline.withPath(path + "/%2e%2e/%2e%2e"));
    out.add("upper case", baseline.withPath(path.toUpperCase()));
    out.add("unknown method", baseline.withMethod("FUZZ"));
    out.add("TRACE", baseline.withMethod("TRACE"));
    out.add("OPTIONS", baseline.withMethod("OPTIONS"));
    out.add("HEAD", baseline.withMethod("HEAD"));
    out.add("query of 9,000 bytes", baseline.withQuery("fz=" + "a".repeat(9_000)));
    out.add("odd query", baseline.withQuery("&&=&=x&%&&"));
  }

  private List<Hostile> pick(ContractOperation op, String target) {
    return Hostile.pick(random(op, target), perKind);
  }

  /** A generator per operation and target, so that adding one changes nothing about the others. */
  private Random random(ContractOperation op, String target) {
    return new Random(seed * 31 + (op.id() + " " + target).hashCode());
  }

  /** The valid body with the value at {@code pointer} replaced by these bytes of JSON. */
  static byte[] splice(JsonObject body, String pointer, byte[] json) {
    JsonObject copy = body.copy();
    String[] segments = pointer.substring(1).split("/");
    Object parent = copy;
    for (int i = 0; i < segments.length - 1; i++) {
      parent =
          parent instanceof JsonObject o
              ? o.getValue(segments[i])
              : ((JsonArray) parent).getValue(Integer.parseInt(segments[i]));
    }
    String last = segments[segments.length - 1];
    if (parent instanceof JsonObject o) {
      o.put(last, SLOT);
    } else {
      ((JsonArray) parent).set(Integer.parseInt(last), SLOT);
    }
    String[] around = copy.encode().split("\"" + SLOT + "\"", -1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(around[0]));
    out.writeBytes(json);
    out.writeBytes(utf8(around[1]));
    return out.toByteArray();
  }

  static String percent(byte[] value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value) {
      int c = b & 0xFF;
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || "-._~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static String headerValue(byte[] value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value) {
      int c = b & 0xFF;
      out.append(
          c == '\r' || c == '\n' ? "%0" + (c == '\r' ? "D" : "A") : String.valueOf((char) c));
    }
    return out.toString();
  }

  private static String latin1(byte[] value) {
    return new String(value, StandardCharsets.ISO_8859_1);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
  }

  /** The cases of one operation, in order. */
  private static final class Cases {
    final ContractOperation op;
    final List<FuzzCase> list = new ArrayList<>();

    Cases(ContractOperation op) {
      this.op = op;
    }

    void add(String label, FuzzRequest request) {
      list.add(new FuzzCase(op, label, request));
    }
  }
}
