package io.devicejobs.testing;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for requests no well-behaved client would send:
 * the request is written byte for byte as given (raw bytes in the path, broken escapes, odd headers), and the
 * answer is read with a time limit, so that a server that never answers shows up as a hang instead of a stuck
 * test.
 */
public final class RawHttp {
  private final int port;
  private final Duration timeout;

  public RawHttp(int port, Duration timeout) {
    this.port = port;
    this.timeout = timeout;
  }

  /** The server's answer, or why there was none. */
  public record Answer(int status, Map<String, String> headers, byte[] body, String failure) {
    public boolean answered() {
      return failure == null;
    }

    public boolean hung() {
      return failure != null && failure.startsWith("no answer within");
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object, or null when it is not one. */
    public JsonObject jsonOrNull() {
      try {
        return new JsonObject(text());
      } catch (RuntimeException e) {
        return null;
      }
    }

    @Override
    public String toString() {
      if (!answered()) {
        return failure;
      }
      String text = text();
      return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
  }

  /**
   * Sends {@code head} (request line and headers, each byte a char of ISO-8859-1, without the blank line) with
   * {@code Host}, {@code Connection: close} and, for a body, {@code Content-Length} added.
   */
  public Answer send(String head, byte[] body) {
    return body == null
        ? sendFramed(head, null)
        : sendFramed(head + "\r\nContent-Length: " + body.length, body);
  }

  /** As {@link #send}, but the head frames the body itself (Transfer-Encoding, or a Content-Length of its own). */
  public Answer sendFramed(String head, byte[] body) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    StringBuilder text = new StringBuilder(head);
    text.append("\r\nHost: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n\r\n");
    request.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      request.writeBytes(body);
    }
    return exchange(request.toByteArray(), head.startsWith("HEAD "));
  }

  private Answer exchange(byte[] request, boolean head) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server may answer (413, 400) and close before it has read everything: read what it
        // said.
      }
      return read(new BufferedInputStream(socket.getInputStream()), head, deadline);
    } catch (SocketTimeoutException e) {
      return new Answer(0, Map.of(), new byte[0], "no answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return new Answer(0, Map.of(), new byte[0], "connection failed without an answer: " + e);
    }
  }

  private Answer read(InputStream in, boolean head, long deadline) throws IOException {
    Lines lines = new Lines(in, deadline, timeout);
    String statusLine = lines.next();
    if (statusLine == null) {
      return new Answer(0, Map.of(), new byte[0], "the connection closed without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = lines.next(); line != null && !line.isEmpty(); line = lines.next()) {
      int colon = line.indexOf(':');
      headers.merge(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    byte[] body;
    if (head || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (headers.containsKey("content-length")) {
      body = lines.bytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int size = chunkSize(lines.next()); size > 0; size = chunkSize(lines.next())) {
        chunks.writeBytes(lines.bytes(size));
        lines.next();
      }
      body = chunks.toByteArray();
    } else {
      body = lines.rest();
    }
    return new Answer(status, headers, body, null);
  }

  private static int chunkSize(String line) {
    return line == null ? 0 : Integer.parseInt(line.split(";", 2)[0].trim(), 16);
  }

  /** Reads CRLF lines and byte runs from the socket, never past the deadline. */
  private static final class Lines {
    private final InputStream in;
    private final long deadline;
    private final Duration timeout;

    Lines(InputStream in, long deadline, Duration timeout) {
      this.in = in;
      this.deadline = deadline;
      this.timeout = timeout;
    }

    String next() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int b = read();
        if (b < 0) {
          return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }
        if (b == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1);
          return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        line.write(b);
      }
    }

    byte[] bytes(int n) throws IOException {
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        int b = read();
        if (b < 0) {
          throw new IOException("the body ended after " + i + " of " + n + " bytes");
        }
        out[i] = (byte) b;
      }
      return out;
    }

    byte[] rest() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int b = read(); b >= 0; b = read()) {
        out.write(b);
      }
      return out.toByteArray();
    }

    private int read() throws IOException {
      if (System.nanoTime() > deadline) {
        throw new SocketTimeoutException("no answer within " + timeout);
      }
      return in.read();
    }
  }
}
