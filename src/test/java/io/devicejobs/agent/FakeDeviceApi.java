package io.devicejobs.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * A scripted stand-in for the server's device API, for unit tests: answers are queued in advance and every
 * request is recorded. With no answer queued it answers 500.
 */
final class FakeDeviceApi implements AutoCloseable {

  /** A recorded request. */
  record Request(String method, String path, String body, String authorization) {}

  private record Answer(int status, String body) {}

  static final UUID DEVICE = UUID.fromString("00000000-0000-4000-8000-000000000001");

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  FakeDeviceApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI apiBase() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
  }

  CloudApi client() {
    return new CloudApi(apiBase(), DEVICE, "djd_test-token");
  }

  synchronized FakeDeviceApi answer(int status, String body) {
    answers.add(new Answer(status, body));
    return this;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            body,
            exchange.getRequestHeaders().getFirst("Authorization")));
    Answer answer;
    synchronized (this) {
      answer =
          answers.isEmpty()
              ? new Answer(500, "{\"error\":\"internal_error\",\"message\":\"unscripted\"}")
              : answers.poll();
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
