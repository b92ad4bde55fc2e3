package io.devicejobs.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An HTTP stand-in in front of the real server: while closed it answers every request 503 {@code
 * service_unavailable} with {@code Retry-After}, as the server does while its database is away; while open it
 * forwards. It records when each 503 was answered and when the next request arrived, on its own clock.
 */
public final class UnavailableGate implements AutoCloseable {

  /** A request that arrived after a 503: {@code nanosSinceThe503} is a lower bound of the client's wait. */
  public record Retry(long nanosSinceThe503) {}

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final int target;
  private final int retryAfterSeconds;
  private final List<Retry> retries = new ArrayList<>();
  private Predicate<String> closedFor = method -> false;
  private long last503At;
  private int answered503;

  public UnavailableGate(int target, int retryAfterSeconds) throws IOException {
    this.target = target;
    this.retryAfterSeconds = retryAfterSeconds;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** True: answer 503 from now on; false: forward again. */
  public void unavailable(boolean answer503) {
    unavailableFor(answer503 ? method -> true : method -> false);
  }

  /** Answer 503 to the requests whose method matches, forward the others. */
  public synchronized void unavailableFor(Predicate<String> method) {
    closedFor = method;
  }

  public synchronized int answered503() {
    return answered503;
  }

  public synchronized List<Retry> retries() {
    return List.copyOf(retries);
  }

  /**
   * The requests that came sooner after a 503 than {@code wait}: none if the client honours Retry-After. A lower
   * bound only, which a loaded machine cannot break: it makes the client later, never sooner.
   */
  public synchronized List<Retry> retriesSoonerThan(Duration wait) {
    return retries.stream().filter(r -> r.nanosSinceThe503() < wait.toNanos()).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    boolean unavailable;
    synchronized (this) {
      long now = System.nanoTime();
      if (answered503 > 0) {
        retries.add(new Retry(now - last503At));
      }
      unavailable = closedFor.test(exchange.getRequestMethod());
      if (unavailable) {
        answered503++;
        // Taken before the answer is sent: the client cannot have it any earlier.
        last503At = System.nanoTime();
      } else {
        answered503 = 0;
      }
    }
    if (unavailable) {
      exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfterSeconds));
      send(
          exchange,
          503,
          "{\"error\":\"service_unavailable\",\"message\":\"the database is not available\"}"
              .getBytes(StandardCharsets.UTF_8));
    } else {
      forward(exchange, body);
    }
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + exchange.getRequestURI()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    send(exchange, response.statusCode(), response.body());
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
